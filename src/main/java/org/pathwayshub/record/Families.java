package org.pathwayshub.record;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A young person is their own person record plus every record merged into them. Facts are stored against the
 * record they came in with, so reading a young person's facts means reading the whole family.
 */
public final class Families {

    private Families() {
    }

    /** Every person record of these young people, mapped to the young person it belongs to. */
    public static Map<UUID, UUID> recordsOf(JdbcTemplate jdbc, Collection<UUID> masters) {
        Map<UUID, UUID> records = new HashMap<>();
        if (masters.isEmpty()) {
            return records;
        }
        UUID[] ids = masters.toArray(UUID[]::new);
        jdbc.query(c -> {
            var ps = c.prepareStatement("""
                    select hub_id, coalesce(merged_into, hub_id) from young_person
                    where hub_id = any(?) or merged_into = any(?)""");
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("uuid", ids));
            return ps;
        }, rs -> {
            records.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
        });
        return records;
    }
}
