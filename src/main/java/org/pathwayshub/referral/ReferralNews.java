package org.pathwayshub.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.pathwayshub.alert.AlertCandidate;
import org.pathwayshub.alert.AlertType;
import org.pathwayshub.alert.Alerts;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the hub tells about a referral, as alerts like any other (on each service's own channel, with only its
 * fields, once, in the disclosure audit): each step to the organisation that sent it (REFERRAL_UPDATE), and a
 * deadline passed to the service's escalation contact (REFERRAL_OVERDUE) and to the sender. Raised in the caller's
 * transaction. Once the consent a referral was shared on is withdrawn, nothing more is told, and what waited to go
 * is withheld.
 */
@Component
public class ReferralNews {

    private final JdbcTemplate jdbc;
    private final Alerts alerts;
    private final ServiceDirectory directory;

    public ReferralNews(JdbcTemplate jdbc, Alerts alerts, ServiceDirectory directory) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.directory = directory;
    }

    /** A referral as the news about it needs it; nothing is told about one whose consent was withdrawn. */
    public record About(long id, String referralRef, String fromOrg, String toService, UUID hubId, String type, String state,
                        boolean consentWithdrawn) {
    }

    /** A step taken: the sender's services that take REFERRAL_UPDATE hear of it (unless consent was withdrawn). */
    public void stepTaken(About r, Referrals.Event event) {
        if (r.consentWithdrawn()) {
            return;
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("at", event.at().toString());
        step.putAll(event.details());
        if (event.note() != null) {
            step.put("note", event.note());
        }
        String reason = "referral " + r.referralRef() + " to " + r.toService() + " is now " + event.state();
        raise(toSender(r, "REFERRAL_UPDATE:" + event.id(), reason, referral(r, event.state(), step)),
                "referral " + r.id() + " event " + event.id());
    }

    /** A deadline passed: one REFERRAL_OVERDUE to the service's escalation contact, and the sender is told. */
    public void deadlinePassed(About r, String deadline, LocalDate due, Service service) {
        if (r.consentWithdrawn()) {
            return;
        }
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("overdue", deadline);
        late.put("due", due.toString());
        String reason = "referral " + r.referralRef() + " to " + r.toService() + " passed its " + describe(deadline)
                + " deadline of " + due + " while " + r.state();
        List<AlertCandidate> out = new ArrayList<>(toSender(r, "REFERRAL_UPDATE:overdue:" + r.id() + ":" + deadline, reason,
                referral(r, r.state(), late)));
        String to = service.referrals().escalateTo();
        if (to != null) {
            Map<String, Object> facts = person(r.hubId());
            facts.put("referral", referral(r, r.state(), late));
            facts.put("reason", reason);
            out.add(new AlertCandidate(AlertType.REFERRAL_OVERDUE, r.hubId(), null, "REFERRAL_OVERDUE:" + r.id() + ":" + deadline,
                    reason, LocalDate.now(), facts, to));
        }
        raise(out, "referral " + r.id() + " deadline " + deadline);
    }

    /**
     * A checkpoint ({@code months} after the education, employment or training a referral led to started): the service it
     * was made to is asked to follow it up (one OUTCOME_FOLLOW_UP per checkpoint, naming the referral).
     */
    public void followUpDue(About r, String activityCode, LocalDate started, LocalDate due, int months) {
        if (r.consentWithdrawn()) {
            return;
        }
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("activityCode", activityCode);
        more.put("startDate", started.toString());
        more.put("followUpDue", due.toString());
        more.put("checkpointMonths", months);
        String reason = "referral " + r.referralRef() + ": " + activityCode + " started on " + started + ", " + months
                + " months ago; is it still going? Record FOLLOWED_UP with stillInActivity";
        Map<String, Object> facts = person(r.hubId());
        facts.put("referral", referral(r, r.state(), more));
        facts.put("reason", reason);
        raise(List.of(new AlertCandidate(AlertType.OUTCOME_FOLLOW_UP, r.hubId(), null, OutcomeFollowUps.key(r.id(), started, months),
                reason, due, facts, r.toService())), "referral " + r.id() + " follow-up at " + months + " months");
    }

    /**
     * Withholds what waits to go about the referral (its REFERRAL_RECEIVED, its steps, its deadlines): the consent it
     * was shared on was withdrawn. Returns how many deliveries were withheld.
     */
    public int withhold(long referralId, String why) {
        return jdbc.update("""
                update alert_delivery d set state = 'WITHHELD', last_error = ?
                from alert a where a.id = d.alert_id and d.state in ('PENDING', 'UNSENDABLE', 'DEAD')
                  and (a.dedupe_key = 'REFERRAL_RECEIVED:' || ?
                       or a.dedupe_key like 'REFERRAL_OVERDUE:' || ? || ':%'
                       or a.dedupe_key like 'REFERRAL_UPDATE:overdue:' || ? || ':%'
                       or (a.alert_type = 'REFERRAL_UPDATE' and split_part(a.dedupe_key, ':', 2) in (
                             select id::text from referral_event where referral_id = ?)))""",
                why, Long.toString(referralId), Long.toString(referralId), Long.toString(referralId), referralId);
    }

    private List<AlertCandidate> toSender(About r, String key, String reason, Map<String, Object> referral) {
        List<AlertCandidate> out = new ArrayList<>();
        Map<String, Object> person = person(r.hubId());
        for (Service s : directory.ofOrganisation(r.fromOrg())) {
            if (s.takes(AlertType.REFERRAL_UPDATE.name())) {
                Map<String, Object> facts = new LinkedHashMap<>(person);
                facts.put("referral", referral);
                facts.put("reason", reason);
                out.add(new AlertCandidate(AlertType.REFERRAL_UPDATE, r.hubId(), null, key + ":" + s.id(), reason,
                        LocalDate.now(), facts, s.id()));
            }
        }
        return out;
    }

    private static Map<String, Object> referral(About r, String state, Map<String, Object> more) {
        Map<String, Object> referral = new LinkedHashMap<>();
        referral.put("referralId", r.referralRef());
        referral.put("toService", r.toService());
        referral.put("type", r.type());
        referral.put("state", state);
        referral.putAll(more);
        return referral;
    }

    private void raise(List<AlertCandidate> candidates, String cause) {
        if (!candidates.isEmpty()) {
            alerts.raise(candidates, Map.of(), cause, LocalDate.now());
        }
    }

    /** What a service may be sent about the young person: their hub id, names, date of birth, postcode, identifiers. */
    private Map<String, Object> person(UUID hubId) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hubId", hubId.toString());
        jdbc.query("select given_name, family_name, dob, postcode from young_person where hub_id = ?", rs -> {
            facts.put("givenName", rs.getString(1));
            facts.put("familyName", rs.getString(2));
            facts.put("dob", rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate().toString());
            facts.put("postcode", rs.getString(4));
        }, hubId);
        jdbc.query("select scheme, value from person_identifier where hub_id = ? and scheme in ('UPN', 'ULN', 'NINO')",
                rs -> {
                    facts.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
                }, hubId);
        return facts;
    }

    private static String describe(String deadline) {
        return switch (deadline) {
            case "accept" -> "accept";
            case "firstContact" -> "first contact";
            default -> deadline;
        };
    }
}
