package org.pathwayshub.intervention;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.access.HubUsers;
import org.pathwayshub.person.YoungPeople;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.Service;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.AfterCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Disengagement reasons and interventions offered, recorded against a young person as codes of
 * {@code mappings/codes/disengagement-reason.yaml} and {@code intervention.yaml}, with who recorded them and for which
 * service (docs/interventions.md). No free text is taken. Every recording is in the access audit; the log names no one.
 */
@Component
public class Interventions {

    private static final Logger log = LoggerFactory.getLogger(Interventions.class);
    static final String REASONS = "disengagement-reason";
    static final String INTERVENTIONS = "intervention";
    /** Whether the young person took the intervention up. */
    static final List<String> TAKEN_UP = List.of("YES", "NO", "UNKNOWN");
    /** No date before this is a day anything was recorded in the hub's era. */
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    private final JdbcTemplate jdbc;
    private final YoungPeople people;
    private final AccessAudit audit;
    /** Only in the web application: the users, and so a recording user's organisation */
    private final ObjectProvider<HubUsers> users;
    private final ServiceDirectory services;
    private final CodeList reasons;
    private final CodeList interventions;
    private final MeterRegistry meters;

    public Interventions(JdbcTemplate jdbc, YoungPeople people, AccessAudit audit, ObjectProvider<HubUsers> users,
                         ServiceDirectory services, CodeLists codes, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.people = people;
        this.audit = audit;
        this.users = users;
        this.services = services;
        this.reasons = codes.get(REASONS);
        this.interventions = codes.get(INTERVENTIONS);
        this.meters = meters;
    }

    /** A reason as recorded: the code, the day it was recorded for, and the service for whom. */
    public record ReasonRequest(String code, String recordedOn, String service) {
    }

    /** An intervention as recorded: the code, the day it was offered, taken up or not, and the reason it addresses. */
    public record InterventionRequest(String code, String offeredOn, String takenUp, String reason, String service) {
    }

    /** A disengagement reason as stored. */
    public record Reason(long id, UUID hubId, String code, String label, LocalDate recordedOn, String recordedBy,
                         String service, Instant recordedAt) {
    }

    /** An intervention as stored. */
    public record Intervention(long id, UUID hubId, String code, String label, LocalDate offeredOn, String takenUp,
                               String reason, String reasonLabel, String recordedBy, String service, Instant recordedAt) {
    }

    /** A young person's reasons and interventions, newest first. */
    public record Record(UUID hubId, List<Reason> disengagementReasons, List<Intervention> interventions) {
    }

    /** A request that cannot be done; the message names the field, the value and what was expected. */
    public static final class Refused extends RuntimeException {
        private final boolean notFound;

        Refused(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    @Transactional
    public Reason recordReason(UUID hubId, ReasonRequest request, String by) {
        UUID person = youngPerson(hubId);
        if (request == null) {
            throw new Refused("the body: give code, and recordedOn and service if need be", false);
        }
        String code = code(reasons, "code", request.code());
        LocalDate on = day("recordedOn", request.recordedOn());
        String service = service(request.service(), by);
        Long id = jdbc.queryForObject("""
                insert into disengagement_reason (hub_id, reason_code, recorded_on, recorded_by, service)
                values (?, ?, ?, ?, ?) returning id""", Long.class, person, code, on, by, service);
        audit.record(by, "disengagement-reason", person, "disengagement reason " + code);
        log.info("Disengagement reason {} recorded: {}", id, code);
        return reasons(person).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    @Transactional
    public Intervention recordIntervention(UUID hubId, InterventionRequest request, String by) {
        UUID person = youngPerson(hubId);
        if (request == null) {
            throw new Refused("the body: give code and offeredOn, and takenUp, reason and service if need be", false);
        }
        String code = code(interventions, "code", request.code());
        LocalDate on = day("offeredOn", request.offeredOn());
        String takenUp = request.takenUp() == null || request.takenUp().isBlank() ? "UNKNOWN"
                : request.takenUp().trim().toUpperCase(Locale.ROOT);
        if (!TAKEN_UP.contains(takenUp)) {
            throw new Refused("takenUp: one of " + TAKEN_UP + " (got '" + request.takenUp() + "')", false);
        }
        String reason = request.reason() == null || request.reason().isBlank() ? null : code(reasons, "reason", request.reason());
        String service = service(request.service(), by);
        Long id = jdbc.queryForObject("""
                insert into intervention (hub_id, intervention_code, offered_on, taken_up, reason_code, recorded_by, service)
                values (?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, person, code, on, takenUp, reason, by, service);
        audit.record(by, "intervention", person, "intervention " + code + " offered " + on);
        AfterCommit.run(() -> Counter.builder("hub.interventions.recorded").description("interventions recorded, by code")
                .tag("code", code).register(meters).increment());
        log.info("Intervention {} recorded: {}", id, code);
        return interventions(person).stream().filter(i -> i.id() == id).findFirst().orElseThrow();
    }

    /** Both lists of a young person (by any of their person records); a hub id the hub does not know is a 404. */
    public Record record(UUID hubId) {
        UUID person = youngPerson(hubId);
        return new Record(person, reasons(person), interventions(person));
    }

    /** Every reason recorded for this young person, on any of their person records, newest first. */
    public List<Reason> reasons(UUID person) {
        return jdbc.query("""
                select r.id, r.hub_id, r.reason_code, r.recorded_on, r.recorded_by, r.service, r.recorded_at
                from disengagement_reason r join young_person p on p.hub_id = r.hub_id
                where coalesce(p.merged_into, p.hub_id) = ?
                order by r.recorded_on desc, r.id desc""", (rs, n) -> new Reason(rs.getLong(1), rs.getObject(2, UUID.class),
                rs.getString(3), reasons.label(rs.getString(3)), rs.getObject(4, LocalDate.class), rs.getString(5),
                rs.getString(6), instant(rs.getTimestamp(7))), person);
    }

    /** Every intervention offered to this young person, on any of their person records, newest first. */
    public List<Intervention> interventions(UUID person) {
        return jdbc.query("""
                select i.id, i.hub_id, i.intervention_code, i.offered_on, i.taken_up, i.reason_code, i.recorded_by, i.service,
                  i.recorded_at
                from intervention i join young_person p on p.hub_id = i.hub_id
                where coalesce(p.merged_into, p.hub_id) = ?
                order by i.offered_on desc, i.id desc""", (rs, n) -> new Intervention(rs.getLong(1),
                rs.getObject(2, UUID.class), rs.getString(3), interventions.label(rs.getString(3)),
                rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6),
                rs.getString(6) == null ? null : reasons.label(rs.getString(6)), rs.getString(7), rs.getString(8),
                instant(rs.getTimestamp(9))), person);
    }

    private UUID youngPerson(UUID hubId) {
        return people.master(hubId).orElseThrow(() -> new Refused("hubId: no young person " + hubId, true));
    }

    private static String code(CodeList list, String field, String value) {
        String code = value == null ? null : value.trim();
        if (code == null || code.isEmpty() || !list.accepts(code)) {
            throw new Refused(field + ": " + list.describe() + ", from mappings/codes/" + list.name() + ".yaml (got "
                    + (code == null || code.isEmpty() ? "nothing" : "'" + value + "'") + ")", false);
        }
        return code;
    }

    /** A day as yyyy-MM-dd, not after today; today when not given. */
    static LocalDate day(String field, String value) {
        LocalDate today = LocalDate.now();
        if (value == null || value.isBlank()) {
            return today;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new Refused(field + ": a date as yyyy-MM-dd, today or before (got '" + value + "')", false);
        }
        if (day.isAfter(today) || day.isBefore(EARLIEST)) {
            throw new Refused(field + ": a date from " + EARLIEST + " to today, " + today + " (got '" + value + "')", false);
        }
        return day;
    }

    /**
     * The service or organisation recorded with it: one the directory (mappings/routing/services.yaml) names, by its id
     * or its organisation; the recording user's organisation when none is given.
     */
    private String service(String value, String by) {
        if (value == null || value.isBlank()) {
            HubUsers known = users.getIfAvailable();
            return known == null ? null : known.find(by).map(HubUsers.HubUser::organisation).orElse(null);
        }
        String s = value.trim();
        boolean known = services.find(s).isPresent() || !services.ofOrganisation(s).isEmpty();
        if (!known) {
            throw new Refused("service: a service id or organisation of " + ServiceDirectory.FILE + " ("
                    + String.join(", ", services.all().stream().map(Service::id).toList()) + ") (got '" + value + "')", false);
        }
        return s;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
