package org.pathwayshub.referral;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.pathwayshub.feed.FeedSchedule;
import org.pathwayshub.feed.InboxFiles;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.LogSafe;
import org.pathwayshub.system.SpreadsheetSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import static org.pathwayshub.feed.FileFeedRouteTemplate.param;

/**
 * Route template {@code referral-steps-drop}: a partner without a system records the steps of the referrals made to
 * it as a CSV file in {@code $HUB_HOME/inbox/referral-steps/} (one row a step: FromOrg, ReferralId, State and, as the
 * state needs, When, Where, Who, Reason, ActivityCode, StartDate, StillInActivity, Note). Each row goes through the
 * same rules as {@code POST /api/referrals/{id}/events}; what became of each row (recorded, or refused and why) is
 * written to {@code $HUB_HOME/outbox/referral-steps/<file>.result.csv}, and the file moves to {@code done/}.
 */
@Component
public class ReferralStepsDrop extends RouteBuilder {

    public static final String TEMPLATE = "referral-steps-drop";
    private static final Logger log = LoggerFactory.getLogger(ReferralStepsDrop.class);
    private static final List<String> RESULT_COLUMNS = List.of("line", "fromOrg", "referralId", "state", "outcome", "reason");

    private final Referrals referrals;
    private final HubProperties hub;

    public ReferralStepsDrop(Referrals referrals, HubProperties hub) {
        this.referrals = referrals;
        this.hub = hub;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("schedule", "30s", "how often to look in the inbox: an interval (30s, 5m) or a cron with seconds")
                .templateBean("stepsScheduler", ScheduledPollConsumerScheduler.class,
                        rtc -> FeedSchedule.parse(param(rtc, "schedule")).scheduler())
                .from("file:{{hub.home}}/inbox/referral-steps?scheduler=#{{stepsScheduler}}"
                        + "&exclude=RAW(.*\\.(tmp|part|filepart)$)&includeHiddenFiles=true&filter=#inboxFiles"
                        + "&readLock=changed&readLockCheckInterval=1000&readLockMinLength=0"
                        + "&move=done/${date:now:yyyyMMdd-HHmmss}-${file:name}"
                        + "&moveFailed=failed/${date:now:yyyyMMdd-HHmmss}-${file:name}")
                .process(this::record);
    }

    /** One row's outcome. */
    record Result(long line, String fromOrg, String referralId, String state, String outcome, String reason) {
    }

    private void record(Exchange e) throws IOException {
        String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String refusal = InboxFiles.refusal(Path.of(e.getIn().getBody(GenericFile.class).getAbsoluteFilePath()));
        if (refusal != null) {
            log.warn("Referral steps file {} refused: {}; moved to failed/", LogSafe.quoted(name), refusal);
            throw new IOException("referral steps file refused: " + refusal);
        }
        List<Result> results = new ArrayList<>();
        String broken = null;
        long line = 1;
        try (InputStream in = e.getIn().getBody(InputStream.class)) {
            CsvMapper csv = new CsvMapper();
            csv.enable(CsvParser.Feature.TRIM_SPACES);
            MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(in);
            try {
                boolean any = rows.hasNext();
                broken = missingColumns(((CsvParser) rows.getParser()).getSchema());
                while (broken == null && any && rows.hasNext()) {
                    Map<String, String> row = rows.next();
                    line++;
                    results.add(step(name, line, lowerKeys(row)));
                }
            } catch (RuntimeException ex) {
                if (!(ex instanceof RuntimeJsonMappingException) && !(ex.getCause() instanceof JacksonException)) {
                    throw ex;
                }
                // a quote never closed, say: the rows before it stand (each step is recorded as it is read)
                line++;
                broken = "the row on line " + line + " cannot be read as CSV (" + originalMessage(ex) + "): nothing from"
                        + " that line on was read; the rows before it are listed above; correct it and send those rows again";
            }
        }
        if (broken != null) {
            results.add(new Result(broken.startsWith("the header") ? 1 : line, null, null, null, "refused", broken));
        }
        writeResults(name, results);
        long recorded = results.stream().filter(r -> r.outcome().equals("recorded")).count();
        log.info("Referral steps file {}: {} rows, {} recorded, {} refused", LogSafe.quoted(name), results.size(), recorded,
                results.size() - recorded);
        if (broken != null) {
            log.warn("Referral steps file {} is not all readable; moved to failed/ (the result file says why)", LogSafe.quoted(name));
            throw new IOException("referral steps file " + name + " is not all readable: " + broken);
        }
    }

    /** What the header lacks of the columns every step needs, or null; a file that is not CSV text has none of them. */
    private static String missingColumns(CsvSchema header) {
        List<String> missing = new ArrayList<>();
        for (String column : List.of("FromOrg", "ReferralId", "State")) {
            boolean found = false;
            for (CsvSchema.Column c : header) {
                found |= c.getName().strip().equalsIgnoreCase(column);
            }
            if (!found) {
                missing.add(column);
            }
        }
        return missing.isEmpty() || header.size() == 0 ? null : "the header row has no column " + String.join(", ", missing)
                + ": expected a CSV file whose first row names FromOrg, ReferralId, State and, as the state needs, When,"
                + " Where, Who, Reason, ActivityCode, StartDate, StillInActivity, Note (not a spreadsheet or another layout)";
    }

    private static String originalMessage(Exception ex) {
        Throwable t = ex instanceof RuntimeJsonMappingException && ex.getCause() != null ? ex.getCause() : ex;
        String message = t instanceof JacksonException j ? j.getOriginalMessage() : t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private Result step(String file, long line, Map<String, String> row) {
        String fromOrg = row.get("fromorg");
        String ref = row.get("referralid");
        String state = row.get("state");
        for (Map.Entry<String, String> value : row.entrySet()) {
            // a control character (a NUL, say) is never part of a step, and the database would refuse it
            int bad = value.getValue() == null ? -1 : value.getValue().chars()
                    .filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r').findFirst().orElse(-1);
            if (bad >= 0) {
                return new Result(line, clean(fromOrg), clean(ref), clean(state), "refused", "the column " + value.getKey()
                        + " holds a control character (U+" + String.format("%04X", bad) + "): expected text without control"
                        + " characters; correct it at source and send the row again");
            }
        }
        if (blank(fromOrg) || blank(ref) || blank(state)) {
            return new Result(line, fromOrg, ref, state, "refused", "FromOrg, ReferralId and State are needed (the sender, "
                    + "the sender's referral id, and the state the referral moves to)");
        }
        try {
            long id = referrals.idOf(fromOrg, ref).orElseThrow(() -> new NoSuchElementException("no referral " + ref
                    + " from " + fromOrg));
            Boolean still = blank(row.get("stillinactivity")) ? null
                    : Boolean.valueOf("true".equalsIgnoreCase(row.get("stillinactivity")) || "yes".equalsIgnoreCase(row.get("stillinactivity")));
            referrals.record(id, new Referrals.EventRequest(state, row.get("note"), row.get("reason"), row.get("when"),
                    row.get("where"), row.get("who"), row.get("activitycode"), row.get("startdate"), still),
                    "file " + file + " line " + line);
            return new Result(line, fromOrg, ref, state, "recorded", null);
        } catch (ReferralLifeCycle.Refused | NoSuchElementException ex) {
            return new Result(line, fromOrg, ref, state, "refused", ex.getMessage());
        }
    }

    private void writeResults(String name, List<Result> results) {
        Path dir = hub.getHome().resolve("outbox").resolve("referral-steps");
        try {
            Files.createDirectories(dir);
            StringBuilder out = new StringBuilder(String.join(",", RESULT_COLUMNS)).append("\r\n");
            for (Result r : results) {
                out.append(r.line()).append(',').append(cell(r.fromOrg())).append(',').append(cell(r.referralId())).append(',')
                        .append(cell(r.state())).append(',').append(r.outcome()).append(',').append(cell(r.reason())).append("\r\n");
            }
            Path partial = dir.resolve(name + ".result.csv.part");
            Files.writeString(partial, out, StandardCharsets.UTF_8);
            Files.move(partial, dir.resolve(name + ".result.csv"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the results of " + name + " to " + dir, ex);
        }
    }

    private static Map<String, String> lowerKeys(Map<String, String> row) {
        Map<String, String> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT).strip(), v == null || v.isBlank() ? null : v.strip()));
        return out;
    }

    private static String clean(String s) {
        return s == null ? null : s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "\u2400");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String cell(String v) {
        return SpreadsheetSafe.csv(v);
    }
}
