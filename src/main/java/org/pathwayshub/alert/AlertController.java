package org.pathwayshub.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.system.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Alerts, one row per service each went to, with where its delivery stands; and the disclosure audit. */
@RestController
@RequestMapping("/api")
@Tag(name = "Alerts and deliveries", description = "Alerts the hub raised, one row per service each went to, with where "
        + "its delivery stands; and the disclosure audit of who was told what about whom")
public class AlertController {

    private final JdbcTemplate jdbc;

    public AlertController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Delivery(String state, int attempts, Instant deliveredAt, String channel, String lastError) {
    }

    public record AlertView(UUID alertId, String type, String service, UUID hubId, String school, Instant createdAt,
                            String reason, Delivery delivery) {
    }

    /**
     * Alerts, one row per service each went to, newest first unless {@code sort=oldest}; {@code page} from 0, {@code size}
     * 1 to 1000 (100 by default); filtered by service, type, delivery state (PENDING, DELIVERED, DEAD, UNSENDABLE,
     * WITHHELD) or young person.
     */
    @GetMapping("/alerts")
    @Operation(summary = "Alerts with their delivery, newest first",
            description = "One row per service each alert went to: the alert's type, young person, school, reason and "
                    + "when it was raised, and its delivery (state, attempts, when delivered, channel, last error). "
                    + "Filtered by service, type, delivery state or young person, a page at a time. A wrong parameter is "
                    + "a 400 saying which and why.")
    public List<AlertView> alerts(@Parameter(description = "Only deliveries to this service (its id in "
                                          + "mappings/routing/services.yaml)")
                                  @RequestParam(required = false) String service,
                                  @Parameter(description = "Only alerts of this type, such as NEET_STARTED or RISK_RAISED")
                                  @RequestParam(required = false) String type,
                                  @Parameter(description = "Only deliveries in this state: PENDING, DELIVERED, DEAD, "
                                          + "UNSENDABLE or WITHHELD")
                                  @RequestParam(required = false) String state,
                                  @Parameter(description = "Only alerts about this young person (their merged records too)")
                                  @RequestParam(required = false) UUID hubId,
                                  @Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") int page,
                                  @Parameter(description = "Rows a page, 1 to 1000 (100 by default)")
                                  @RequestParam(defaultValue = "100") int size,
                                  @Parameter(description = "newest (the default) or oldest first")
                                  @RequestParam(defaultValue = "newest") String sort) {
        Paging paging = Paging.of(page, size, sort);
        String order = paging.newestFirst() ? "a.created_at desc, a.id desc, d.service_id" : "a.created_at, a.id, d.service_id";
        if (state != null && !List.of("PENDING", "DELIVERED", "DEAD", "UNSENDABLE", "WITHHELD").contains(state)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "state: expected PENDING, DELIVERED, DEAD, UNSENDABLE or"
                    + " WITHHELD (got '" + state + "')");
        }
        return jdbc.query("""
                select a.id, a.alert_type, d.service_id, a.hub_id, a.school, a.created_at, a.reason, d.state, d.attempts,
                  d.delivered_at, d.channel, d.last_error
                from alert a left join alert_delivery d on d.alert_id = a.id
                where (?::text is null or d.service_id = ?) and (?::text is null or a.alert_type = ?)
                  and (?::text is null or d.state = ?)
                  and (?::uuid is null or a.hub_id = ? or a.hub_id in (select hub_id from young_person where merged_into = ?))
                order by""" + " " + order + " offset ? limit ?",
                (rs, n) -> new AlertView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7),
                        rs.getString(8) == null ? null : new Delivery(rs.getString(8), rs.getInt(9),
                                rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getString(12))),
                service, service, type, type, state, state, hubId, hubId, hubId, page * size, size);
    }

    public record Disclosure(String service, UUID hubId, UUID alertId, List<String> fields, String reason, String channel,
                             Instant disclosedAt) {
    }

    /** Who was told what about whom, when and why: newest first unless {@code sort=oldest}, a page at a time. */
    @GetMapping("/disclosures")
    @Operation(summary = "The disclosure audit: who was told what about whom",
            description = "Each disclosure to a service: the young person, the alert, the fields shared, the reason, the "
                    + "channel and when. Newest first unless sort=oldest, a page at a time.")
    public List<Disclosure> disclosures(@Parameter(description = "Only disclosures about this young person (their merged "
                                                + "records too)")
                                        @RequestParam(required = false) UUID hubId,
                                        @Parameter(description = "Only disclosures to this service")
                                        @RequestParam(required = false) String service,
                                        @Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") int page,
                                        @Parameter(description = "Rows a page, 1 to 1000 (1000 by default)")
                                        @RequestParam(defaultValue = "1000") int size,
                                        @Parameter(description = "newest (the default) or oldest first")
                                        @RequestParam(defaultValue = "newest") String sort) {
        Paging paging = Paging.of(page, size, sort);
        return jdbc.query("""
                select service_id, hub_id, alert_id, fields, reason, channel, disclosed_at from disclosure_audit
                where (?::uuid is null or hub_id = ? or hub_id in (select hub_id from young_person where merged_into = ?))
                  and (?::text is null or service_id = ?)""" + " order by disclosed_at " + paging.direction()
                + ", id " + paging.direction() + " offset ? limit ?",
                (rs, n) -> new Disclosure(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        List.of((String[]) rs.getArray(4).getArray()), rs.getString(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant()),
                hubId, hubId, hubId, service, service, paging.offset(), paging.size());
    }
}
