package org.pathwayshub.delivery;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Each service's deliveries at a glance: waiting, unsendable, dead, and delivered in the last day. */
@Repository
public class DeliveryOverview {

    private final JdbcTemplate jdbc;

    public DeliveryOverview(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record ServiceDeliveries(String service, String channel, long waiting, long unsendable, long dead,
                                    long deliveredLastDay) {
    }

    public List<ServiceDeliveries> byService() {
        return jdbc.query("""
                select service_id, channel,
                  count(*) filter (where state = 'PENDING'),
                  count(*) filter (where state = 'UNSENDABLE'),
                  count(*) filter (where state = 'DEAD'),
                  count(*) filter (where state = 'DELIVERED' and delivered_at > now() - interval '1 day')
                from alert_delivery
                where state <> 'DELIVERED' or delivered_at > now() - interval '1 day'
                group by service_id, channel order by service_id""",
                (rs, n) -> new ServiceDeliveries(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6)));
    }
}
