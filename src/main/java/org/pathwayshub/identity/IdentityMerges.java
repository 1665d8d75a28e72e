package org.pathwayshub.identity;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merging two young people into one, and undoing it. A merge points every record of one young person at the
 * other (young_person.merged_into) and remembers which records it moved; undo points them back. Facts are
 * never copied or rewritten, so nothing is lost either way.
 */
@Service
public class IdentityMerges {

    private final JdbcTemplate jdbc;
    private final PersonChanges changes;

    /** @param changes a merge or its undo changes what is known about both young people: they are assessed again */
    public IdentityMerges(JdbcTemplate jdbc, PersonChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /** Two records that must stay apart: they hold different values of an identifier a person has only one of. */
    public static class CannotMerge extends RuntimeException {
        public CannotMerge(String reason) {
            super(reason);
        }
    }

    /**
     * Folds young person {@code from} into {@code into} (either may be given by any of their records).
     *
     * @return the merge's id
     */
    @Transactional
    public long merge(UUID from, UUID into, String method, Double score, String reasonsJson, String decidedBy) {
        UUID fromMaster = master(from);
        UUID intoMaster = master(into);
        if (fromMaster.equals(intoMaster)) {
            throw new CannotMerge("these records are already one young person");
        }
        String conflict = conflict(fromMaster, intoMaster);
        if (conflict != null) {
            throw new CannotMerge("never merged: the two records hold " + conflict);
        }
        List<UUID> moved = jdbc.queryForList("select hub_id from young_person where hub_id = ? or merged_into = ? order by hub_id",
                UUID.class, fromMaster, fromMaster);
        BulkSql.update(jdbc, "update young_person set merged_into = ?, updated_at = now() where hub_id = any(?)", intoMaster,
                BulkSql.column("uuid", moved));
        long id = BulkSql.query(jdbc, """
                insert into identity_merge (from_hub_id, into_hub_id, moved_hub_ids, method, score, reasons, decided_by)
                values (?, ?, ?, ?, ?, ?::jsonb, ?) returning id""", (rs, n) -> rs.getLong(1), fromMaster, intoMaster,
                BulkSql.column("uuid", moved), method, score, reasonsJson, decidedBy).get(0);
        IdentityResolver.refreshUpnFlags(jdbc, Set.of(intoMaster, fromMaster));
        changed(List.of(intoMaster, fromMaster), "identity merge " + id);
        return id;
    }

    /** Puts back the records a merge moved: the young person merged away is one of their own again. */
    @Transactional
    public void undo(long mergeId, String by) {
        record Merge(UUID from, UUID into, UUID[] moved, Instant undone) {
        }
        Merge m = jdbc.query("select from_hub_id, into_hub_id, moved_hub_ids, undone_at from identity_merge where id = ? for update",
                rs -> rs.next() ? new Merge(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        (UUID[]) rs.getArray(3).getArray(), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()) : null,
                mergeId);
        if (m == null) {
            throw new IllegalArgumentException("no merge " + mergeId);
        }
        if (m.undone() != null) {
            throw new CannotMerge("merge " + mergeId + " was already undone at " + m.undone());
        }
        BulkSql.update(jdbc, """
                update young_person set merged_into = case when hub_id = ? then null else ?::uuid end, updated_at = now()
                where hub_id = any(?)""", m.from(), m.from(), BulkSql.column("uuid", m.moved()));
        jdbc.update("update identity_merge set undone_at = now(), undone_by = ? where id = ?", by, mergeId);
        jdbc.update("update identity_review set state = 'OPEN', decided_by = null, decided_at = null, merge_id = null where merge_id = ?",
                mergeId);
        IdentityResolver.refreshUpnFlags(jdbc, Set.of(m.into(), m.from()));
        changed(List.of(m.into(), m.from()), "identity merge " + mergeId + " undone");
    }

    UUID master(UUID hubId) {
        List<UUID> m = jdbc.queryForList("select coalesce(merged_into, hub_id) from young_person where hub_id = ?", UUID.class, hubId);
        if (m.isEmpty()) {
            throw new IllegalArgumentException("no young person " + hubId);
        }
        return m.get(0);
    }

    /** "different UPNs" (or ULNs, NINOs) when the two families hold different values of one. */
    private String conflict(UUID a, UUID b) {
        Map<String, Set<String>> left = identifiers(a);
        Map<String, Set<String>> right = identifiers(b);
        for (String scheme : List.of("UPN", "ULN", "NINO")) {
            Set<String> l = left.getOrDefault(scheme, Set.of());
            Set<String> r = right.getOrDefault(scheme, Set.of());
            if (!l.isEmpty() && !r.isEmpty() && l.stream().noneMatch(r::contains)) {
                return "different " + scheme + "s";
            }
        }
        return null;
    }

    private Map<String, Set<String>> identifiers(UUID master) {
        Map<String, Set<String>> out = new HashMap<>();
        jdbc.query("""
                select i.scheme, i.value from person_identifier i join young_person p on p.hub_id = i.hub_id
                where p.hub_id = ? or p.merged_into = ?""", rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
        }, master, master);
        return out;
    }

    /** Both young people are assessed again (the one merged away is assessed as part of the other). */
    private void changed(List<UUID> hubIds, String cause) {
        changes.factsChanged(hubIds, cause, null, 0);
    }
}
