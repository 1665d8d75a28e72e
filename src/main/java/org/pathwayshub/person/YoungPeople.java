package org.pathwayshub.person;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The common record of a young person as the API shows it, from the one read model of their facts. */
@Repository
public class YoungPeople {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final YoungPersonFactsReader facts;
    private final CodeList firstLanguages;
    private final CodeList characteristicCodes;

    public YoungPeople(JdbcTemplate jdbc, YoungPersonFactsReader facts, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.firstLanguages = codeLists.get("first-language");
        this.characteristicCodes = codeLists.get("characteristic");
    }

    /** The young person a person record belongs to (itself, unless merged into another). */
    public Optional<UUID> master(UUID hubId) {
        return jdbc.query("select coalesce(merged_into, hub_id) from young_person where hub_id = ?",
                (rs, n) -> rs.getObject(1, UUID.class), hubId).stream().findFirst();
    }

    /** The person an identifier names (following merges), if any. */
    public Optional<UUID> findByIdentifier(String scheme, String value) {
        return jdbc.query("""
                select coalesce(p.merged_into, p.hub_id) from person_identifier i join young_person p on p.hub_id = i.hub_id
                where i.scheme = ? and i.value = ?""", (rs, n) -> rs.getObject(1, UUID.class), scheme, value)
                .stream().findFirst();
    }

    /** The common record of a young person: their own details, and every fact from every record merged into them. */
    public Optional<YoungPersonRecord> find(UUID requested) {
        Optional<UUID> master = master(requested);
        if (master.isEmpty()) {
            return Optional.empty();
        }
        UUID hubId = master.get();
        YoungPersonFacts f = facts.read(List.of(hubId)).get(hubId);
        if (f == null) {
            return Optional.empty();
        }
        YoungPersonFacts.Details d = f.details();
        YoungPersonRecord.Census census = f.latestCensus().map(c -> new YoungPersonRecord.Census(c.censusDate(),
                c.laEstab(), c.ncYear(), c.fsm(), c.senProvision(), c.firstLanguage(), c.source().feed(),
                c.source().runId())).orElse(null);
        YoungPersonRecord.Attendance attendance = f.latestAttendance().map(a -> {
            Double pct = a.sessionsPossible() == 0 ? null : BigDecimal.valueOf(a.sessionsAttended() * 100.0 / a.sessionsPossible())
                    .setScale(1, RoundingMode.HALF_UP).doubleValue();
            return new YoungPersonRecord.Attendance(a.laEstab(), a.periodStart(), a.periodEnd(), a.sessionsPossible(),
                    a.sessionsAttended(), pct, a.suspensionCount(), a.suspensionSessions(), a.permanentExclusionDate());
        }).orElse(null);
        List<YoungPersonRecord.Activity> history = f.activities().stream().map(YoungPeople::activity).toList();
        YoungPersonRecord.Activity current = f.currentActivity(LocalDate.now()).map(YoungPeople::activity).orElse(null);
        Boolean eal = null;
        if (census != null && census.firstLanguage() != null) {
            Object attr = firstLanguages.attribute(census.firstLanguage(), "eal");
            eal = attr instanceof Boolean b ? b : null;
        }
        List<YoungPersonRecord.Identifier> ids = f.identifiers().stream()
                .map(i -> new YoungPersonRecord.Identifier(i.scheme(), i.value(), i.sourceFeed())).toList();
        List<YoungPersonRecord.Characteristic> characteristics = f.characteristics().stream()
                .sorted(Comparator.comparing(YoungPersonFacts.Characteristic::code)
                        .thenComparing(YoungPersonFacts.Characteristic::from, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(YoungPersonFacts.Characteristic::firstSeen))
                .map(c -> new YoungPersonRecord.Characteristic(c.code(), characteristicCodes.label(c.code()), c.from(), c.to(),
                        c.source().feed(), c.firstSeen(), c.lastSeen())).toList();
        YoungPersonRecord.Tracking tracking = f.latestTracking().map(t -> new YoungPersonRecord.Tracking(t.cohortStatus(),
                t.leadLa(), t.levelOfNeed(), t.send(), t.senSupport(), t.transferredToLa(), t.source().feed())).orElse(null);
        List<YoungPersonRecord.Guarantee> guarantees = f.guarantees().stream().map(g -> new YoungPersonRecord.Guarantee(
                g.yearGroup(), g.status(), g.laCode(), g.offerUkprn(), g.offerDate(), g.intendedDestination(), g.sourceFeed()))
                .toList();
        List<YoungPersonRecord.Claim> claims = new ArrayList<>();
        f.claims().forEach(c -> claims.add(0, new YoungPersonRecord.Claim(c.start(), c.benefitType(), c.jobcentreOffice(),
                c.consentToShare())));  // newest first
        return Optional.of(new YoungPersonRecord(hubId, f.identifier("UPN"), f.identifier("ULN"), f.identifier("YPID"),
                f.identifier("NINO"), d.givenName(), d.middleNames(), d.familyName(), d.dob(), d.gender(), d.postcode(),
                census == null ? null : census.laEstab(), census == null ? null : census.ncYear(),
                census == null ? null : census.fsm(), census == null ? null : census.senProvision(), eal,
                census == null ? null : census.firstLanguage(), census, attendance, current, history, characteristics,
                tracking, guarantees, claims, risk(hubId), ids, f.mergedRecords(), nccisErrors(hubId)));
    }

    /** What the latest check of an NCCIS return found in the young person's record (the nccis-return-check job). */
    private List<YoungPersonRecord.NccisError> nccisErrors(UUID hubId) {
        return jdbc.query("""
                select e.period_end, e.dfe_error, e.rule, e.column_name, e.field, e.value, e.reason
                from nccis_return_error e
                where e.hub_id = ? and e.period_end = (select max(c.period_end) from nccis_return_check c)
                order by e.id""", (rs, n) -> new YoungPersonRecord.NccisError(localDate(rs.getDate(1)),
                (Integer) rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7)), hubId);
    }

    private static YoungPersonRecord.Activity activity(YoungPersonFacts.ActivitySpell s) {
        return new YoungPersonRecord.Activity(s.code(), s.label(), s.group(), s.start(), s.end(), s.effectiveEnd(),
                s.dateAscertained(), s.dateVerified(), s.dueToLapse(), s.neetStart(), s.predictedEnd(), s.ukprn(),
                s.establishmentNumber(), s.source().feed());
    }

    private YoungPersonRecord.Risk risk(UUID hubId) {
        return jdbc.query("""
                select score, band, rule_set, rule_set_version, as_at, nc_year, in_scope, factors::text from risk_assessment
                where hub_id = ? and superseded_at is null""", (rs, n) -> {
            JsonNode factors;
            try {
                factors = JSON.readTree(rs.getString(8));
            } catch (JsonProcessingException e) {
                factors = null;
            }
            return new YoungPersonRecord.Risk(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    localDate(rs.getDate(5)), (Integer) rs.getObject(6), rs.getBoolean(7), factors);
        }, hubId).stream().findFirst().orElse(null);
    }

    private static LocalDate localDate(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
