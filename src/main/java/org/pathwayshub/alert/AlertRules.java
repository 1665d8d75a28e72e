package org.pathwayshub.alert;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.routing.ServiceDirectory;
import org.springframework.stereotype.Component;

/**
 * The alert catalogue as rules over one young person's situation. Each rule gives a key that names its cause
 * (this NEET spell, this assessment, this referral), so the same situation seen again raises nothing new.
 */
@Component
public class AlertRules {

    private static final List<String> BAND_ORDER = List.of("NONE", "GREEN", "AMBER", "RED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertSettings settings;
    private final LocalAuthority la;
    private final ServiceDirectory directory;

    public AlertRules(AlertSettings settings, LocalAuthority la, ServiceDirectory directory) {
        this.settings = settings;
        this.la = la;
        this.directory = directory;
    }

    public List<AlertCandidate> evaluate(PersonSituation p, LocalDate today) {
        List<AlertCandidate> out = new ArrayList<>();
        PersonSituation.Spell current = p.currentSpell(today);
        if (current != null && current.isNeet() && on(AlertType.NEET_STARTED)) {
            LocalDate neetSince = p.neetSpellStart(current);
            PersonSituation.Spell notSustained = p.outcomeNotSustained(current, lastCheckpoint());
            String reason = "NEET since " + neetSince + ", now " + describe(current) + (notSustained == null ? ""
                    : "; the outcome " + describe(notSustained) + " was not sustained (it ended on " + notSustained.end() + ")");
            AlertCandidate neet = alert(AlertType.NEET_STARTED, p, current, "NEET_STARTED:" + p.hubId() + ":neet:" + neetSince,
                    reason, neetSince);
            if (notSustained != null) {
                neet.facts().put("outcome", outcome(notSustained, false));
            }
            out.add(neet);
        }
        if (current != null && on(AlertType.NOT_KNOWN)) {
            if (settings.list(AlertType.NOT_KNOWN, "activityCodes", List.of("810", "820", "830")).contains(current.code())) {
                out.add(alert(AlertType.NOT_KNOWN, p, current, key("NOT_KNOWN", p, current),
                        "situation not known: " + describe(current), current.start()));
            } else if (current.dueToLapse() != null && current.dueToLapse().isBefore(today)
                    && (current.lastUpdated() == null || !current.lastUpdated().isAfter(current.dueToLapse()))) {
                out.add(alert(AlertType.NOT_KNOWN, p, current, key("NOT_KNOWN", p, current) + ":lapsed:" + current.dueToLapse(),
                        "activity " + describe(current) + " lapsed on " + current.dueToLapse() + " with no update", current.dueToLapse()));
            }
        }
        riskRaised(p, today, out);
        septemberGuarantee(p, today, out);
        offerNotTakenUp(p, today, out);
        for (PersonSituation.Spell s : p.spells()) {
            if (s.withdrawn() && on(AlertType.WITHDRAWN)) {
                out.add(alert(AlertType.WITHDRAWN, p, s, key("WITHDRAWN", p, s),
                        "withdrew on " + s.end() + " from " + describe(s), s.end()));
            }
        }
        jobEnded(p, today, out);
        neet18Plus(p, today, current, out);
        transferOut(p, out, today);
        for (PersonSituation.Referral r : p.newReferrals()) {
            if (on(AlertType.REFERRAL_RECEIVED)) {
                Map<String, Object> facts = facts(p, current);
                Map<String, Object> referral = new LinkedHashMap<>();
                referral.put("referralId", r.referralRef());
                referral.put("fromOrg", r.fromOrg());
                referral.put("type", r.type());
                referral.put("reason", r.reason());
                referral.put("receivedAt", r.receivedAt().toString());
                facts.put("referral", referral);
                out.add(new AlertCandidate(AlertType.REFERRAL_RECEIVED, p.hubId(), p.school(), "REFERRAL_RECEIVED:" + r.id(),
                        "referral from " + r.fromOrg() + " (" + r.type() + ")", today, withReason(facts,
                        "referral from " + r.fromOrg() + " (" + r.type() + ")"), r.toService()));
            }
        }
        outcomeFollowUp(p, today, out);
        return out;
    }

    private void riskRaised(PersonSituation p, LocalDate today, List<AlertCandidate> out) {
        PersonSituation.Assessment risk = p.risk();
        if (risk == null || !on(AlertType.RISK_RAISED) || p.riskSuppressed() || p.ncYear() == null) {
            return;
        }
        List<String> bands = settings.list(AlertType.RISK_RAISED, "bands", List.of("AMBER", "RED"));
        List<String> years = settings.list(AlertType.RISK_RAISED, "ncYears", List.of("9", "10", "11"));
        String before = p.previousBand() == null ? "NONE" : p.previousBand();
        if (bands.contains(risk.band()) && BAND_ORDER.indexOf(risk.band()) > BAND_ORDER.indexOf(before)
                && years.contains(String.valueOf(p.ncYear()))) {
            out.add(alert(AlertType.RISK_RAISED, p, p.currentSpell(today), "RISK_RAISED:" + p.hubId() + ":" + risk.id(),
                    "RONI band up from " + before + " to " + risk.band() + " (score " + risk.score() + ")", today));
        }
    }

    /**
     * Once the deadline (the end of 30 September) has passed, last year's Year 11 and Year 12 without an offer on record
     * for that year group: an old Year 11 offer does not stand for the Year 12 one.
     */
    private void septemberGuarantee(PersonSituation p, LocalDate today, List<AlertCandidate> out) {
        if (!on(AlertType.SEPTEMBER_GUARANTEE_MISSING) || p.dob() == null) {
            return;
        }
        MonthDay deadline = MonthDay.parse("--" + settings.text(AlertType.SEPTEMBER_GUARANTEE_MISSING, "deadline", "09-30"));
        int startYear = AcademicYear.start(today).getYear();
        if (!today.isAfter(deadline.atYear(startYear))) {
            return;
        }
        Integer lastYearAge = p.academicAge(LocalDate.of(startYear, 8, 31));
        List<String> ages = settings.list(AlertType.SEPTEMBER_GUARANTEE_MISSING, "academicAges", List.of("15", "16"));
        int yearGroup = lastYearAge == null ? 0 : lastYearAge - 4;
        if (lastYearAge != null && ages.contains(String.valueOf(lastYearAge)) && !p.hasGuaranteeOffer(yearGroup)) {
            String group = "Year " + yearGroup;
            out.add(alert(AlertType.SEPTEMBER_GUARANTEE_MISSING, p, p.currentSpell(today),
                    "SEPTEMBER_GUARANTEE_MISSING:" + p.hubId() + ":" + startYear,
                    "no September Guarantee offer recorded by " + deadline.atYear(startYear) + " (" + group + " in "
                            + (startYear - 1) + "-" + (startYear % 100) + ")", deadline.atYear(startYear)));
        }
    }

    /**
     * After the enrolment deadline, last year's Year 11 with an offer from a named provider and no education, employment
     * or training going on at any time since 1 August: the offer was not taken up. Once per young person and year.
     */
    private void offerNotTakenUp(PersonSituation p, LocalDate today, List<AlertCandidate> out) {
        PersonSituation.Year11Offer offer = p.year11Offer();
        if (!on(AlertType.OFFER_NOT_TAKEN_UP) || offer == null || p.dob() == null) {
            return;
        }
        int startYear = AcademicYear.start(today).getYear();
        LocalDate deadline = enrolmentDeadline(startYear);
        if (!today.isAfter(deadline) || !Integer.valueOf(15).equals(p.academicAge(LocalDate.of(startYear, 8, 31)))) {
            return;
        }
        LocalDate since = enrolledSince(startYear);
        if (!p.hadEetBetween(since, today)) {
            String reason = "offer from provider " + offer.ukprn() + " not taken up: no enrolment or other EET activity"
                    + " from " + since + " to the enrolment deadline " + deadline;
            out.add(alert(AlertType.OFFER_NOT_TAKEN_UP, p, p.currentSpell(today),
                    "OFFER_NOT_TAKEN_UP:" + p.hubId() + ":" + startYear, reason, deadline));
        }
    }

    /** The enrolment deadline of the academic year starting in September {@code startYear} (alert-rules.yaml). */
    public LocalDate enrolmentDeadline(int startYear) {
        return MonthDay.parse("--" + settings.text(AlertType.OFFER_NOT_TAKEN_UP, "deadline", "09-30")).atYear(startYear);
    }

    /** From when an EET activity counts as taking an offer up, in the year starting in September {@code startYear}. */
    public LocalDate enrolledSince(int startYear) {
        return MonthDay.parse("--" + settings.text(AlertType.OFFER_NOT_TAKEN_UP, "enrolledSince", "08-01")).atYear(startYear);
    }

    private void neet18Plus(PersonSituation p, LocalDate today, PersonSituation.Spell current, List<AlertCandidate> out) {
        if (!on(AlertType.NEET_18_PLUS)) {
            return;
        }
        Integer age = p.age(today);
        if (current != null && current.isNeet() && age != null && age >= settings.number(AlertType.NEET_18_PLUS, "minAge", 18)) {
            LocalDate neetSince = p.neetSpellStart(current);
            out.add(alert(AlertType.NEET_18_PLUS, p, current, "NEET_18_PLUS:" + p.hubId() + ":neet:" + neetSince,
                    "NEET at " + age + " since " + neetSince + ", now " + describe(current), neetSince));
        }
        List<String> claimantAges = settings.list(AlertType.NEET_18_PLUS, "claimantAges", List.of("16", "17"));
        for (PersonSituation.Claim c : p.claims()) {
            Integer ageAtClaim = p.age(c.start());
            if (ageAtClaim != null && claimantAges.contains(String.valueOf(ageAtClaim))) {
                Map<String, Object> facts = facts(p, current);
                Map<String, Object> claim = new LinkedHashMap<>();
                claim.put("claimStart", c.start().toString());
                claim.put("benefitType", c.benefitType());
                claim.put("jobcentreOffice", c.office());
                claim.put("consentToShare", c.consentToShare());
                facts.put("claim", claim);
                String reason = "a " + ageAtClaim + " year old started a " + c.benefitType() + " claim on " + c.start();
                out.add(new AlertCandidate(AlertType.NEET_18_PLUS, p.hubId(), p.school(),
                        "NEET_18_PLUS:" + p.hubId() + ":claim:" + c.start() + ":" + c.benefitType(), reason, c.start(),
                        withReason(facts, reason), null));
            }
        }
    }

    /** The postcode moved from this LA's districts to one a neighbouring LA's service covers. */
    private void transferOut(PersonSituation p, List<AlertCandidate> out, LocalDate today) {
        String district = p.district();
        if (!on(AlertType.TRANSFER_OUT) || district == null || la.covers(p.postcode()) || !la.covers(p.previousPostcode())) {
            return;
        }
        boolean someoneCovers = directory.all().stream().anyMatch(s -> s.takes(AlertType.TRANSFER_OUT.name())
                && s.coverage().postcodeDistricts().contains(district));
        if (someoneCovers) {
            out.add(alert(AlertType.TRANSFER_OUT, p, p.currentSpell(today), "TRANSFER_OUT:" + p.hubId() + ":" + district,
                    "moved from " + LocalAuthority.district(p.previousPostcode()) + " (" + la.name() + ") to " + district, today));
        }
    }

    /**
     * At each checkpoint (OUTCOME_FOLLOW_UP's {@code checkpoints}, months after an education, employment or training start
     * that ended a NEET spell) while the spell is still going: one follow-up each. A start a referral's service recorded is
     * followed up by that service through the referral (job referral-deadlines), not here.
     */
    private void outcomeFollowUp(PersonSituation p, LocalDate today, List<AlertCandidate> out) {
        if (!on(AlertType.OUTCOME_FOLLOW_UP)) {
            return;
        }
        for (PersonSituation.Spell spell : p.spells()) {
            PersonSituation.Spell before = p.spellBefore(spell);
            if (!spell.eet() || before == null || !before.isNeet() || spell.placedByReferral()) {
                continue;
            }
            for (int months : settings.checkpoints()) {
                LocalDate due = spell.start().plusMonths(months);
                boolean endedBeforeDue = spell.end() != null && spell.end().isBefore(due);
                if (!due.isAfter(today) && !endedBeforeDue) {
                    AlertCandidate followUp = alert(AlertType.OUTCOME_FOLLOW_UP, p, spell,
                            key("OUTCOME_FOLLOW_UP", p, spell) + ":" + months + "m", months + " months since " + describe(spell)
                                    + " started after a NEET spell (" + describe(before) + "): is it still going?", due);
                    Map<String, Object> outcome = outcome(spell, null);
                    outcome.put("checkpointMonths", months);
                    followUp.facts().put("outcome", outcome);
                    out.add(followUp);
                }
            }
        }
    }

    private int lastCheckpoint() {
        List<Integer> all = settings.checkpoints();
        return all.get(all.size() - 1);
    }

    private static Map<String, Object> outcome(PersonSituation.Spell spell, Boolean sustained) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("activityCode", spell.code());
        outcome.put("startDate", spell.start().toString());
        if (spell.end() != null) {
            outcome.put("endDate", spell.end().toString());
        }
        if (sustained != null) {
            outcome.put("sustained", sustained);
        }
        return outcome;
    }

    /**
     * An employment spell (JOB_ENDED's {@code groups}) that has ended, with no education, employment or training
     * going on since: once per spell.
     */
    private void jobEnded(PersonSituation p, LocalDate today, List<AlertCandidate> out) {
        if (!on(AlertType.JOB_ENDED)) {
            return;
        }
        List<String> groups = settings.list(AlertType.JOB_ENDED, "groups", List.of("employment"));
        for (PersonSituation.Spell s : p.spells()) {
            if (groups.contains(s.group()) && s.end() != null && !s.end().isAfter(today)
                    && !p.hadEetBetween(s.end(), today, s)) {
                PersonSituation.Spell next = p.spellAfter(s);
                String reason = describe(s) + " ended on " + s.end() + (next == null ? " with no new activity"
                        : ", then " + describe(next));
                out.add(alert(AlertType.JOB_ENDED, p, s, key("JOB_ENDED", p, s), reason, s.end()));
            }
        }
    }

    private AlertCandidate alert(AlertType type, PersonSituation p, PersonSituation.Spell spell, String key, String reason,
                                 LocalDate causeDate) {
        return new AlertCandidate(type, p.hubId(), p.school(), key, reason, causeDate, withReason(facts(p, spell), reason), null);
    }

    private static String key(String type, PersonSituation p, PersonSituation.Spell spell) {
        return type + ":" + p.hubId() + ":" + spell.code() + ":" + spell.start();
    }

    private boolean on(AlertType type) {
        return settings.enabled(type);
    }

    private static String describe(PersonSituation.Spell s) {
        return s.code() + (s.label() == null ? "" : " " + s.label()) + " from " + s.start();
    }

    private static Map<String, Object> withReason(Map<String, Object> facts, String reason) {
        facts.put("reason", reason);
        return facts;
    }

    /** Everything a service might be allowed about this young person; each service gets its own fields only. */
    static Map<String, Object> facts(PersonSituation p, PersonSituation.Spell spell) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("hubId", p.hubId().toString());
        f.put("upn", p.identifiers().get("UPN"));
        f.put("uln", p.identifiers().get("ULN"));
        f.put("nino", p.identifiers().get("NINO"));
        f.put("givenName", p.givenName());
        f.put("familyName", p.familyName());
        f.put("dob", p.dob() == null ? null : p.dob().toString());
        f.put("gender", p.gender());
        f.put("postcode", p.postcode());
        f.put("school", p.school());
        f.put("ncYear", p.ncYear());
        if (spell != null) {
            Map<String, Object> activity = new LinkedHashMap<>();
            activity.put("code", spell.code());
            activity.put("label", spell.label());
            activity.put("startDate", spell.start().toString());
            f.put("activity", activity);
        }
        if (p.risk() != null) {
            f.put("riskBand", p.risk().band());
            f.put("riskScore", p.risk().score());
            try {
                JsonNode factors = JSON.readTree(p.risk().factorsJson());
                List<Map<String, Object>> list = new ArrayList<>();
                factors.forEach(x -> {
                    Map<String, Object> factor = new LinkedHashMap<>();
                    factor.put("indicator", x.path("indicator").asText());
                    factor.put("points", x.path("points").asInt());
                    list.add(factor);
                });
                f.put("riskFactors", list);
            } catch (Exception e) {
                f.put("riskFactors", List.of());
            }
        }
        return f;
    }
}
