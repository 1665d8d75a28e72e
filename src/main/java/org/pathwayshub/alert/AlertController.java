package org.pathwayshub.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
     * 1 to 1000 (100 by default); filtered by service, type, delivery state (PENDING, DELIVERED, DEAD, UNSENDABLE) or young person.
     */
    @GetMapping("/alerts")
    public List<AlertView> alerts(@RequestParam(required = false) String service, @RequestParam(required = false) String type,
                                  @RequestParam(required = false) String state, @RequestParam(required = false) UUID hubId,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size,
                                  @RequestParam(defaultValue = "newest") String sort) {
        Paging paging = Paging.of(page, size, sort);
        String order = paging.newestFirst() ? "a.created_at desc, a.id desc, d.service_id" : "a.created_at, a.id, d.service_id";
        if (state != null && !List.of("PENDING", "DELIVERED", "DEAD", "UNSENDABLE").contains(state)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "state: expected PENDING, DELIVERED, DEAD or UNSENDABLE (got '"
                    + state + "')");
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
    public List<Disclosure> disclosures(@RequestParam(required = false) UUID hubId, @RequestParam(required = false) String service,
                                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "1000") int size,
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
