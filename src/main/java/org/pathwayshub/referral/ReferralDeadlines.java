package org.pathwayshub.referral;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.job.HubJob;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.MappingFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job {@code referral-deadlines}: for each service that sets deadlines (services.yaml {@code deadlines:}), the
 * referrals made to it that have passed one (its working days counted from when the referral was made, skipping
 * weekends and bank holidays) without a state that meets it (life-cycle.yaml {@code deadlines:}). Each such
 * referral and deadline is kept once; its escalation contact gets one REFERRAL_OVERDUE and its sender is told. Then
 * the follow-ups of the education, employment or training referrals led to ({@link OutcomeFollowUps}).
 */
@Component
public class ReferralDeadlines implements HubJob {

    private static final Logger log = LoggerFactory.getLogger(ReferralDeadlines.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final JdbcTemplate jdbc;
    private final ServiceDirectory directory;
    private final ReferralLifeCycle lifeCycle;
    private final WorkingDays workingDays;
    private final ReferralNews news;
    private final TransactionTemplate tx;
    private final OutcomeFollowUps followUps;

    public ReferralDeadlines(JdbcTemplate jdbc, ServiceDirectory directory, ReferralLifeCycle lifeCycle,
                             WorkingDays workingDays, ReferralNews news, PlatformTransactionManager transactions,
                             OutcomeFollowUps followUps) {
        this.followUps = followUps;
        this.jdbc = jdbc;
        this.directory = directory;
        this.lifeCycle = lifeCycle;
        this.workingDays = workingDays;
        this.news = news;
        this.tx = new TransactionTemplate(transactions);
        for (int i = 0; i < directory.all().size(); i++) {
            for (String d : directory.all().get(i).referrals().deadlines().keySet()) {
                if (!lifeCycle.deadlines().containsKey(d)) {
                    throw new MappingFileException(ServiceDirectory.FILE, "services[" + i + "].deadlines." + d, "deadlines "
                            + ReferralLifeCycle.FILE + " names " + lifeCycle.deadlines().keySet());
                }
            }
        }
    }

    @Override
    public String name() {
        return "referral-deadlines";
    }

    private record Open(ReferralNews.About referral, LocalDate made) {
    }

    @Override
    public String run() {
        LocalDate today = LocalDate.now(UK);
        int found = 0;
        for (Service s : directory.all()) {
            for (Map.Entry<String, Integer> d : s.referrals().deadlines().entrySet()) {
                Set<String> metBy = lifeCycle.deadlines().get(d.getKey());
                for (Open o : open(s.id(), d.getKey(), metBy)) {
                    LocalDate due = workingDays.plus(o.made(), d.getValue());
                    if (!workingDays.knows(due)) {
                        log.warn("{} has no bank holidays for {}: deadlines then count weekdays only", WorkingDays.FILE, due.getYear());
                    }
                    if (today.isAfter(due) && passed(s, o, d.getKey(), due, metBy)) {
                        found++;
                    }
                }
            }
        }
        return found + " referrals newly past a deadline, " + followUps.sweep(today);
    }

    /** Referrals to the service without a state that meets the deadline, and not yet found past it. */
    private List<Open> open(String serviceId, String deadline, Set<String> metBy) {
        return jdbc.query("""
                select r.id, r.referral_ref, r.from_org, r.to_service, r.hub_id, r.referral_type, r.state,
                  r.consent_withdrawn_at is not null, coalesce(r.created_at, r.received_at)
                from referral r where r.to_service = ?
                  and not exists (select 1 from referral_event e where e.referral_id = r.id and e.state = any(?))
                  and not exists (select 1 from referral_deadline_breach b where b.referral_id = r.id and b.deadline = ?)""",
                (rs, n) -> new Open(new ReferralNews.About(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getBoolean(8)),
                        rs.getTimestamp(9).toInstant().atZone(UK).toLocalDate()),
                serviceId, metBy.toArray(String[]::new), deadline);
    }

    /** Keeps the breach and tells of it, together; false when another run got there first. */
    private boolean passed(Service s, Open o, String deadline, LocalDate due, Set<String> metBy) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int kept = jdbc.update("""
                    insert into referral_deadline_breach (referral_id, deadline, due_date, met_by) values (?, ?, ?, ?)
                    on conflict do nothing""", o.referral().id(), deadline, due, metBy.toArray(String[]::new));
            if (kept == 0) {
                return false;
            }
            news.deadlinePassed(o.referral(), deadline, due, s);
            return true;
        }));
    }
}
