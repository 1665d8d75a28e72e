package org.pathwayshub.school;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.record.YoungPersonFacts;
import org.pathwayshub.record.YoungPersonFactsReader;
import org.pathwayshub.system.BulkSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A school's pupils and the flags it adds for them (docs/school-flags.md). A school's pupils are the young people
 * whose latest school census is from it. A flag is a code of mappings/codes/school-flag.yaml with an end date; adding
 * one or ending it early is a change to what the hub knows, so the young person is assessed again (RONI, then the
 * alert rules) through the change feed, in the same transaction. Every flag added or ended, and every pupil listed, is
 * in the access audit; the log names no one.
 */
@Component
public class SchoolFlags {

    private static final Logger log = LoggerFactory.getLogger(SchoolFlags.class);

    private final JdbcTemplate jdbc;
    private final YoungPersonFactsReader facts;
    private final PersonChanges changes;
    private final AccessAudit audit;
    private final ObjectMapper json;
    private final SchoolFlagCodes codes;
    private final MeterRegistry meters;

    public SchoolFlags(JdbcTemplate jdbc, YoungPersonFactsReader facts, PersonChanges changes, AccessAudit audit,
                       ObjectMapper json, CodeLists codeLists, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.changes = changes;
        this.audit = audit;
        this.json = json;
        this.codes = new SchoolFlagCodes(codeLists.get(SchoolFlagCodes.LIST));
        this.meters = meters;
    }

    public SchoolFlagCodes codes() {
        return codes;
    }

    /** A flag as a school adds it. */
    public record FlagRequest(UUID hubId, String code, LocalDate endDate) {
    }

    /**
     * A flag as stored: held from {@code start} to {@code endDate}, unless ended early on {@code endedOn} (from which day
     * it no longer holds); {@code current} when it holds today.
     */
    public record Flag(long id, UUID hubId, String laEstab, String code, String label, LocalDate start, LocalDate endDate,
                       String addedBy, Instant addedAt, LocalDate endedOn, String endedBy, boolean current) {
    }

    /** An indicator that fired in the pupil's current RONI assessment. */
    public record Factor(String indicator, String label, int points, String evidence) {
    }

    /** A pupil of the school with their current RONI assessment and the flags this school added for them. */
    public record Pupil(UUID hubId, String upn, String givenName, String familyName, Integer ncYear, String riskBand,
                        Integer riskScore, List<Factor> factors, List<Flag> flags) {
    }

    /** A request that cannot be done; the message names the field, the value and what was expected. */
    public static final class Refused extends RuntimeException {
        private final HttpStatus status;

        private Refused(String message, HttpStatus status) {
            super(message);
            this.status = status;
        }

        static Refused badRequest(String message) {
            return new Refused(message, HttpStatus.BAD_REQUEST);
        }

        static Refused notFound(String message) {
            return new Refused(message, HttpStatus.NOT_FOUND);
        }

        public HttpStatus status() {
            return status;
        }
    }

    /** The school's pupils, by family then given name, each with their assessment and the school's flags. */
    public List<Pupil> pupils(String laEstab) {
        Map<UUID, YoungPersonFacts> people = pupilFacts(laEstab);
        Map<UUID, Pupil> out = new HashMap<>();
        if (people.isEmpty()) {
            return List.of();
        }
        Map<UUID, Object[]> assessments = new HashMap<>();
        BulkSql.query(jdbc, """
                select hub_id, nc_year, band, score, factors::text from risk_assessment
                where hub_id = any(?) and superseded_at is null""", rs -> assessments.put(rs.getObject(1, UUID.class),
                new Object[] {rs.getObject(2, Integer.class), rs.getString(3), rs.getInt(4), rs.getString(5)}),
                BulkSql.column("uuid", people.keySet()));
        Map<UUID, List<Flag>> flags = new HashMap<>();
        flags(laEstab).forEach(f -> flags.computeIfAbsent(f.hubId(), k -> new ArrayList<>()).add(f));
        for (YoungPersonFacts p : people.values()) {
            Object[] a = assessments.get(p.hubId());
            Integer ncYear = a != null && a[0] != null ? (Integer) a[0]
                    : p.latestCensus().map(YoungPersonFacts.Census::ncYear).orElse(null);
            out.put(p.hubId(), new Pupil(p.hubId(), p.identifier("UPN"), p.details().givenName(), p.details().familyName(),
                    ncYear, a == null ? null : (String) a[1], a == null ? null : (Integer) a[2],
                    a == null ? List.of() : factors((String) a[3]), flags.getOrDefault(p.hubId(), List.of())));
        }
        List<Pupil> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing((Pupil p) -> String.valueOf(p.familyName())).thenComparing(p -> String.valueOf(p.givenName()))
                .thenComparing(Pupil::hubId));
        audit.readYoungPeople(list.stream().map(Pupil::hubId).toList(), "school " + laEstab + ": pupils and flags");
        return list;
    }

    /** Every flag the school added, current ones first, then newest first. */
    public List<Flag> flags(String laEstab) {
        LocalDate today = LocalDate.now();
        List<Flag> list = jdbc.query("""
                select f.id, coalesce(p.merged_into, p.hub_id), f.laestab, f.code, f.start_date, f.end_date, f.added_by,
                  f.added_at, f.ended_on, f.ended_by
                from school_flag f join young_person p on p.hub_id = f.hub_id
                where f.laestab = ? order by f.added_at desc, f.id desc""", (rs, n) -> flag(rs, today), laEstab);
        List<Flag> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparing((Flag f) -> !f.current()));
        return sorted;
    }

    /** Adds a flag for a pupil of the school; they are assessed again once it commits. */
    @Transactional
    public Flag add(String laEstab, FlagRequest request, String by) {
        if (request == null || request.hubId() == null) {
            throw Refused.badRequest("hubId: the hub id of a pupil of school " + laEstab + " (got nothing)");
        }
        UUID pupil = pupil(laEstab, request.hubId());
        LocalDate today = LocalDate.now();
        String code = codes.check(request.code(), request.endDate(), today);
        Long id = jdbc.queryForObject("""
                insert into school_flag (hub_id, laestab, code, start_date, end_date, added_by) values (?, ?, ?, ?, ?, ?)
                returning id""", Long.class, pupil, laEstab, code, today, request.endDate(), by);
        changes.factsChanged(List.of(pupil), "school flag added", null, 0);
        audit.record(by, "school-flag-add", pupil, "school " + laEstab + ": flag " + id + " " + code + " until " + request.endDate());
        Counter.builder("hub.school.flags.added").description("flags schools added for their pupils, by code")
                .tag("code", code).register(meters).increment();
        log.info("School {} added flag {} ({}) until {}", laEstab, id, code, request.endDate());
        return find(laEstab, id);
    }

    /** Ends a current flag today: kept, with who ended it; the pupil is assessed again once it commits. */
    @Transactional
    public Flag end(String laEstab, long id, String by) {
        Flag flag = find(laEstab, id);
        LocalDate today = LocalDate.now();
        if (!flag.current()) {
            throw Refused.badRequest("flag " + id + ": a current flag (it " + (flag.endedOn() != null
                    ? "was ended on " + flag.endedOn() : "ended on " + flag.endDate()) + ")");
        }
        jdbc.update("update school_flag set ended_on = ?, ended_by = ?, ended_at = now() where id = ? and ended_on is null",
                today, by, id);
        changes.factsChanged(List.of(flag.hubId()), "school flag ended", null, 0);
        audit.record(by, "school-flag-end", flag.hubId(), "school " + laEstab + ": flag " + id + " " + flag.code() + " ended");
        log.info("School {} ended flag {} ({})", laEstab, id, flag.code());
        return find(laEstab, id);
    }

    /** One of the school's flags; another school's is not found, as if it did not exist. */
    private Flag find(String laEstab, long id) {
        LocalDate today = LocalDate.now();
        return jdbc.query("""
                select f.id, coalesce(p.merged_into, p.hub_id), f.laestab, f.code, f.start_date, f.end_date, f.added_by,
                  f.added_at, f.ended_on, f.ended_by
                from school_flag f join young_person p on p.hub_id = f.hub_id
                where f.id = ? and f.laestab = ?""", (rs, n) -> flag(rs, today), id, laEstab).stream().findFirst()
                .orElseThrow(() -> Refused.notFound("flag " + id + ": no flag of school " + laEstab + " has this id"));
    }

    /**
     * The young person, when they are a pupil of the school ({@link #isPupil}); otherwise a 404 that says the same whether
     * they exist or not.
     */
    public UUID pupil(String laEstab, UUID hubId) {
        YoungPersonFacts f = facts.read(List.of(hubId)).values().stream().findFirst().orElse(null);
        if (f == null || !isPupil(f, laEstab, LocalDate.now())) {
            // the same answer whether they exist or not: nothing about another school's pupil is given away
            throw Refused.notFound("hubId: " + hubId + " is not a pupil of school " + laEstab + " (a school's pupils are"
                    + " the young people whose latest school census is from it, this school year or the last)");
        }
        return f.hubId();
    }

    /**
     * A pupil of the school: their latest school census is from it and dated this academic year or the one before (so
     * last year's leavers stay in view for a year, and no one who left longer ago does).
     */
    static boolean isPupil(YoungPersonFacts f, String laEstab, LocalDate today) {
        LocalDate from = AcademicYear.start(today).minusYears(1);
        return f.latestCensus().filter(c -> laEstab.equals(c.laEstab()) && c.censusDate() != null
                && !c.censusDate().isBefore(from)).isPresent();
    }

    /** The school's pupils ({@link #isPupil}), read from those with any census from it. */
    private Map<UUID, YoungPersonFacts> pupilFacts(String laEstab) {
        List<UUID> candidates = jdbc.queryForList("""
                select distinct coalesce(p.merged_into, p.hub_id) from school_census c join young_person p on p.hub_id = c.hub_id
                where c.laestab = ?""", UUID.class, laEstab);
        Map<UUID, YoungPersonFacts> pupils = new HashMap<>();
        LocalDate today = LocalDate.now();
        facts.read(candidates).forEach((id, f) -> {
            if (isPupil(f, laEstab, today)) {
                pupils.put(id, f);
            }
        });
        return pupils;
    }

    private Flag flag(java.sql.ResultSet rs, LocalDate today) throws java.sql.SQLException {
        String code = rs.getString(4);
        LocalDate start = rs.getObject(5, LocalDate.class);
        LocalDate end = rs.getObject(6, LocalDate.class);
        LocalDate endedOn = rs.getObject(9, LocalDate.class);
        boolean current = new YoungPersonFacts.SchoolFlag(rs.getLong(1), rs.getString(3), code, start, end, endedOn).isHeldOn(today);
        Timestamp added = rs.getTimestamp(8);
        return new Flag(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3).trim(), code, codes.label(code), start, end,
                rs.getString(7), added == null ? null : added.toInstant(), endedOn, rs.getString(10), current);
    }

    private List<Factor> factors(String stored) {
        List<Factor> out = new ArrayList<>();
        try {
            for (JsonNode f : json.readTree(stored)) {
                out.add(new Factor(f.path("indicator").asText(), f.path("label").asText(), f.path("points").asInt(),
                        f.path("evidence").asText()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an assessment's factors are not JSON", e);
        }
        return out;
    }
}
