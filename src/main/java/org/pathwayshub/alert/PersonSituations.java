package org.pathwayshub.alert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The situation of many young people at once, as the alert rules see it: their facts and current risk (both read
 * once, by the caller, in its transaction) and what only alerts need: whether a practitioner held their risk flag
 * back, and which referrals have not raised an alert yet. One query for each of those, never one per person.
 */
@Repository
public class PersonSituations {

    private final JdbcTemplate jdbc;
    private final CodeList guaranteeStatuses;

    public PersonSituations(JdbcTemplate jdbc, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.guaranteeStatuses = codeLists.get("guarantee-status");
    }

    public Map<UUID, PersonSituation> load(Map<UUID, YoungPersonFacts> people, Map<UUID, AlertEvaluation.Risk> risks) {
        Map<UUID, PersonSituation> out = new LinkedHashMap<>();
        if (people.isEmpty()) {
            return out;
        }
        BulkSql.Column ids = BulkSql.column("uuid", people.keySet());
        Map<UUID, Boolean> suppressed = new HashMap<>();
        BulkSql.query(jdbc, """
                select distinct on (hub_id) hub_id, action from risk_review
                where hub_id = any(?) and indicator is null and action in ('SUPPRESS', 'UNSUPPRESS') order by hub_id, id desc""",
                rs -> suppressed.put(rs.getObject(1, UUID.class), "SUPPRESS".equals(rs.getString(2))), ids);
        List<Long> referralIds = new ArrayList<>();
        people.values().forEach(f -> f.referrals().forEach(r -> referralIds.add(r.id())));
        Set<Long> alerted = new HashSet<>();
        if (!referralIds.isEmpty()) {
            List<String> keys = referralIds.stream().map(id -> "REFERRAL_RECEIVED:" + id).toList();
            BulkSql.query(jdbc, "select dedupe_key from alert where dedupe_key = any(?)",
                    rs -> alerted.add(Long.parseLong(rs.getString(1).substring("REFERRAL_RECEIVED:".length()))),
                    BulkSql.column("text", keys));
        }

        people.forEach((m, f) -> {
            YoungPersonFacts.Details d = f.details();
            Map<String, String> identifiers = new LinkedHashMap<>();
            f.identifiers().forEach(i -> identifiers.putIfAbsent(i.scheme(), i.value()));
            List<PersonSituation.Spell> spells = f.activities().stream().map(s -> new PersonSituation.Spell(s.code(),
                    s.label(), s.group(), s.eet(), s.start(), s.effectiveEnd(), s.dueToLapse(), s.lastUpdated(),
                    s.neetStart(), s.withdrawn() && s.end() != null, s.source() == null ? null : s.source().feed())).toList();
            List<PersonSituation.Claim> claims = f.claims().stream().map(c -> new PersonSituation.Claim(c.start(),
                    c.benefitType(), c.jobcentreOffice(), c.consentToShare())).toList();
            List<PersonSituation.Referral> newReferrals = f.referrals().stream().filter(r -> !alerted.contains(r.id()))
                    .map(r -> new PersonSituation.Referral(r.id(), r.fromOrg(), r.referralRef(), r.toService(), r.type(),
                            r.reason(), r.receivedAt())).toList();
            Set<Integer> offers = new HashSet<>();
            f.guarantees().forEach(g -> {
                if (g.status() != null && Boolean.TRUE.equals(guaranteeStatuses.attribute(g.status(), "offer"))) {
                    offers.add(g.yearGroup());
                }
            });
            PersonSituation.Year11Offer year11Offer = f.guarantees().stream()
                    .filter(g -> g.yearGroup() == 11 && g.offerUkprn() != null && g.status() != null
                            && Boolean.TRUE.equals(guaranteeStatuses.attribute(g.status(), "offer")))
                    .max(java.util.Comparator.comparing(YoungPersonFacts.Guarantee::recordedAt))
                    .map(g -> new PersonSituation.Year11Offer(g.offerUkprn(), g.offerDate(), g.intendedDestination()))
                    .orElse(null);
            AlertEvaluation.Risk r = risks.get(m);
            PersonSituation.Assessment risk = r == null ? null
                    : new PersonSituation.Assessment(r.id(), r.band(), r.score(), r.ncYear(), r.inScope(), r.factorsJson());
            Integer censusYear = f.latestCensus().map(YoungPersonFacts.Census::ncYear).orElse(null);
            Integer ncYear = risk != null && risk.ncYear() != null ? risk.ncYear() : censusYear;
            out.put(m, new PersonSituation(m, d.dob(), d.givenName(), d.familyName(), d.gender(), d.postcode(),
                    d.previousPostcode(), identifiers, f.school(), ncYear, spells, risk, r == null ? null : r.previousBand(),
                    suppressed.getOrDefault(m, false), claims, newReferrals, offers, year11Offer));
        });
        return out;
    }
}
