package org.pathwayshub.nccis;

import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.pathwayshub.job.HubJob;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.system.BulkSql;
import org.pathwayshub.system.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job {@code nccis-return}: once a month has ended, writes its NCCIS return to {@code $HUB_HOME/outbox/nccis/}
 * ({@code nccis-<LA>-<yyyy-MM>.xml}) for the data team to send, and records it, with the leavers it reported (who are
 * not reported again). A month already written is not written again, and a month missed (the hub was down when it was
 * due) is written at the next run; the schedule is in routes/nccis-return.yaml.
 */
@Component
public class NccisReturnJob implements HubJob {

    private final NccisReturn returns;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HubProperties hub;
    private final LocalAuthority la;
    private final Clock clock;

    @Autowired
    public NccisReturnJob(NccisReturn returns, JdbcTemplate jdbc, TransactionTemplate tx, HubProperties hub, LocalAuthority la) {
        this(returns, jdbc, tx, hub, la, Clock.systemDefaultZone());
    }

    NccisReturnJob(NccisReturn returns, JdbcTemplate jdbc, TransactionTemplate tx, HubProperties hub, LocalAuthority la,
                   Clock clock) {
        this.returns = returns;
        this.jdbc = jdbc;
        this.tx = tx;
        this.hub = hub;
        this.la = la;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "nccis-return";
    }

    /**
     * Writes each ended month's return not yet written, oldest first: last month's, and any month missed since the
     * last one written (the hub was down on the day). A hub that has never written one starts with last month.
     */
    @Override
    public String run() {
        YearMonth last = YearMonth.now(clock).minusMonths(1);
        LocalDate lastWritten = jdbc.queryForObject("select max(period_end) from nccis_return", LocalDate.class);
        YearMonth from = lastWritten == null ? last : YearMonth.from(lastWritten).plusMonths(1);
        if (from.isAfter(last)) {
            return "the return for the period ending " + last.atEndOfMonth() + " was already written";
        }
        List<String> written = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(last); month = month.plusMonths(1)) {
            written.add(write(month.atEndOfMonth()));
        }
        return String.join("; ", written);
    }

    /** Writes the period's return to the outbox, and records it and its leavers. */
    String write(LocalDate periodEnd) {
        Path dir = hub.getHome().resolve("outbox").resolve("nccis");
        String fileName = "nccis-" + la.code() + "-" + YearMonth.from(periodEnd) + ".xml";
        List<NccisReturn.Reported> leavers = new ArrayList<>();
        MessageDigest digest = sha256();
        int records = OutboxFile.write(dir, fileName, out -> returns.write(periodEnd, LocalDate.now(clock),
                new DigestOutputStream(out, digest), r -> {
                    if (returns.isLeaving(r.cohortStatus())) {
                        leavers.add(r);
                    }
                }));
        String sha256 = HexFormat.of().formatHex(digest.digest());
        tx.executeWithoutResult(status -> {
            jdbc.update("insert into nccis_return (period_end, file_name, records, sha256) values (?, ?, ?, ?)",
                    periodEnd, fileName, records, sha256);
            if (!leavers.isEmpty()) {
                BulkSql.Columns rows = new BulkSql.Columns("uuid", "text");
                for (NccisReturn.Reported r : leavers) {
                    rows.add(r.hubId(), r.cohortStatus());
                }
                BulkSql.update(jdbc, """
                        insert into nccis_return_leaver (hub_id, cohort_status, period_end)
                        select h, s, ? from unnest(?::uuid[], ?::text[]) as v(h, s) on conflict do nothing""", periodEnd, rows);
            }
        });
        return "wrote " + fileName + ": " + records + " young people (" + leavers.size() + " leaving the cohort)";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
