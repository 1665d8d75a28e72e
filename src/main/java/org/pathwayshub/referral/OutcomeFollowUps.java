package org.pathwayshub.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.alert.AlertSettings;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The education, employment or training a referral led to (its EET_STARTED), followed up by the service the referral
 * was made to: at each checkpoint (OUTCOME_FOLLOW_UP's {@code checkpoints}, months after the start) one OUTCOME_FOLLOW_UP
 * naming the referral. When the young person is NEET again after that start, the hub records NOT_SUSTAINED on the
 * referral (its referrer is told, as of every step), and no further checkpoint is raised. Run by job referral-deadlines.
 */
@Component
public class OutcomeFollowUps {

    static final String NOT_SUSTAINED = "NOT_SUSTAINED";
    static final String RECORDED_BY = "hub";
    private static final Logger log = LoggerFactory.getLogger(OutcomeFollowUps.class);

    private final JdbcTemplate jdbc;
    private final ReferralNews news;
    private final Referrals referrals;
    private final YoungPersonFactsReader facts;
    private final AlertSettings settings;
    private final TransactionTemplate tx;

    public OutcomeFollowUps(JdbcTemplate jdbc, ReferralNews news, Referrals referrals, YoungPersonFactsReader facts,
                            AlertSettings settings, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.news = news;
        this.referrals = referrals;
        this.facts = facts;
        this.settings = settings;
        this.tx = new TransactionTemplate(transactions);
    }

    /** A referral whose young person started education, employment or training, and the checkpoints already raised. */
    private record Placed(ReferralNews.About referral, String code, LocalDate start, Set<Integer> raised) {
    }

    /** The dedupe key of a referral's follow-up of the start on {@code started} at a checkpoint. */
    static String key(long referralId, LocalDate started, int months) {
        return "OUTCOME_FOLLOW_UP:referral:" + referralId + ":" + started + ":" + months + "m";
    }

    /** Marks the outcomes not sustained, then raises the checkpoints due; says how many of each. */
    public String sweep(LocalDate today) {
        List<Integer> checkpoints = settings.checkpoints();
        List<Placed> placed = placed(checkpoints);
        Map<UUID, YoungPersonFacts> people = facts.read(placed.stream().map(p -> p.referral().hubId()).distinct().toList());
        int notSustained = 0;
        int due = 0;
        for (Placed p : placed) {
            YoungPersonFacts person = people.values().stream().filter(f -> f.hubId().equals(p.referral().hubId())
                    || f.mergedRecords().contains(p.referral().hubId())).findFirst().orElse(null);
            LocalDate lastCheckpoint = p.start().plusMonths(checkpoints.get(checkpoints.size() - 1));
            YoungPersonFacts.ActivitySpell neet = person == null ? null : neetSince(person, p.start(), lastCheckpoint, today);
            if (neet != null) {
                markNotSustained(p, neet);
                notSustained++;
                continue;
            }
            for (int months : checkpoints) {
                LocalDate when = p.start().plusMonths(months);
                if (!today.isBefore(when) && !p.raised().contains(months)) {
                    tx.executeWithoutResult(status -> news.followUpDue(p.referral(), p.code(), p.start(), when, months));
                    due++;
                }
            }
        }
        return due + " follow-ups due, " + notSustained + " outcomes not sustained";
    }

    /**
     * The NEET activity going on today that began after the start and before its last checkpoint, if the young person
     * is NEET again: an outcome that lasted to its last checkpoint was sustained, whatever came after.
     */
    private static YoungPersonFacts.ActivitySpell neetSince(YoungPersonFacts person, LocalDate start, LocalDate lastCheckpoint,
                                                           LocalDate today) {
        return person.currentActivity(today).filter(a -> a.isNeet() && a.start() != null && a.start().isAfter(start)
                && a.start().isBefore(lastCheckpoint)).orElse(null);
    }

    private void markNotSustained(Placed p, YoungPersonFacts.ActivitySpell neet) {
        String reason = "NEET again: " + neet.code() + (neet.label() == null ? "" : " " + neet.label()) + " from "
                + neet.start() + ", after " + p.code() + " started on " + p.start();
        try {
            referrals.record(p.referral().id(), new Referrals.EventRequest(NOT_SUSTAINED, null, reason, null, null, null,
                    null, null, null), RECORDED_BY);
        } catch (ReferralLifeCycle.Refused refused) {
            // moved on meanwhile (the service recorded a step): its next sweep looks again
            log.info("Referral {}: not marked {} ({})", p.referral().id(), NOT_SUSTAINED, refused.getMessage());
        }
    }

    /**
     * Referrals with an education, employment or training start (their latest), not yet found not sustained nor
     * answered "no longer in it" since that start, with consent; and the checkpoints of that start already raised.
     */
    private List<Placed> placed(List<Integer> checkpoints) {
        List<Placed> out = new ArrayList<>();
        jdbc.query("""
                select r.id, r.referral_ref, r.from_org, r.to_service, r.hub_id, r.referral_type, r.state,
                  r.consent_withdrawn_at is not null, e.details ->> 'activityCode', (e.details ->> 'startDate')::date,
                  array(select m from unnest(?::int[]) m
                        where exists (select 1 from alert a where a.dedupe_key = 'OUTCOME_FOLLOW_UP:referral:' || r.id || ':'
                                      || (e.details ->> 'startDate') || ':' || m || 'm'))
                from referral r
                join lateral (select id, details from referral_event e where e.referral_id = r.id and e.state = 'EET_STARTED'
                              order by e.id desc limit 1) e on true
                where r.state in ('EET_STARTED', 'FOLLOWED_UP') and r.consent_withdrawn_at is null
                  and not exists (select 1 from referral_event f where f.referral_id = r.id and f.id > e.id
                                  and f.state = 'FOLLOWED_UP' and (f.details ->> 'stillInActivity') = 'false')""",
                rs -> {
                    Set<Integer> raised = new HashSet<>();
                    for (Integer m : (Integer[]) rs.getArray(11).getArray()) {
                        raised.add(m);
                    }
                    out.add(new Placed(new ReferralNews.About(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getBoolean(8)), rs.getString(9),
                            rs.getObject(10, LocalDate.class), raised));
                }, checkpoints.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")));
        return out;
    }
}
