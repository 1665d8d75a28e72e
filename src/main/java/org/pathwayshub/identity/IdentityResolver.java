package org.pathwayshub.identity;

import java.sql.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.pathwayshub.mapping.MappedRecord;
import org.pathwayshub.mapping.RecordIssue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides which young person each record in a batch is about, inside the batch's transaction: a record
 * whose identifier the hub already knows joins that person; a record with none the hub knows is a new
 * person. Identifiers are looked up for the whole batch in one query, and new ones claimed in one
 * statement; when another node claims the same identifier first, the record joins that node's person.
 *
 * <p>An identifier that already names a different young person is not moved: the record keeps its
 * strongest match and the conflict is listed as a warning for the data team.
 */
@Component
public class IdentityResolver {

    private final JdbcTemplate jdbc;

    public IdentityResolver(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Who each record is, in the order given; {@code created} lists the people this batch added. */
    public record Resolution(List<UUID> hubIds, Set<UUID> created, List<RecordIssue> warnings) {
    }

    public Resolution resolve(String feedId, long runId, List<MappedRecord> records) {
        List<List<IdentifierScheme.Identifier>> idsPerRecord = new ArrayList<>(records.size());
        Set<IdentifierScheme.Identifier> all = new LinkedHashSet<>();
        for (MappedRecord r : records) {
            List<IdentifierScheme.Identifier> ids = IdentifierScheme.of(feedId, r);
            idsPerRecord.add(ids);
            all.addAll(ids);
        }
        Map<IdentifierScheme.Identifier, UUID> known = lookup(all);

        List<UUID> hubIds = new ArrayList<>(records.size());
        Set<UUID> created = new LinkedHashSet<>();
        List<RecordIssue> warnings = new ArrayList<>();
        // identifiers this batch is about to attach, in a stable order so concurrent batches lock alike
        Map<IdentifierScheme.Identifier, UUID> claims = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            List<IdentifierScheme.Identifier> ids = idsPerRecord.get(i);
            UUID hubId = null;
            for (IdentifierScheme.Identifier id : ids) {
                UUID match = known.getOrDefault(id, claims.get(id));
                if (match != null) {
                    hubId = match;
                    break;
                }
            }
            if (hubId == null) {
                hubId = UUID.randomUUID();
                created.add(hubId);
            }
            for (IdentifierScheme.Identifier id : ids) {
                UUID owner = known.getOrDefault(id, claims.get(id));
                if (owner == null) {
                    claims.put(id, hubId);
                } else if (!owner.equals(hubId)) {
                    MappedRecord r = records.get(i);
                    warnings.add(RecordIssue.warning(r.line(), r.element(), null, id.scheme(), id.value(), "identifier-conflict",
                            "this " + id.scheme() + " already belongs to another young person in the hub; the record was"
                                    + " matched on a stronger identifier and this one was left where it is"));
                }
            }
            hubIds.add(hubId);
        }
        Map<UUID, UUID> lostRaces = claim(feedId, runId, claims);
        if (!lostRaces.isEmpty()) {
            for (int i = 0; i < hubIds.size(); i++) {
                UUID winner = lostRaces.get(hubIds.get(i));
                if (winner != null) {
                    hubIds.set(i, winner);
                }
            }
            created.removeAll(lostRaces.keySet());
        }
        insertPeople(created);
        return new Resolution(hubIds, created, warnings);
    }

    private Map<IdentifierScheme.Identifier, UUID> lookup(Set<IdentifierScheme.Identifier> ids) {
        Map<IdentifierScheme.Identifier, UUID> known = new HashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        String[] schemes = ids.stream().map(IdentifierScheme.Identifier::scheme).toArray(String[]::new);
        String[] values = ids.stream().map(IdentifierScheme.Identifier::value).toArray(String[]::new);
        jdbc.query(c -> {
            var ps = c.prepareStatement("""
                    select i.scheme, i.value, coalesce(p.merged_into, p.hub_id)
                    from person_identifier i join young_person p on p.hub_id = i.hub_id
                    where (i.scheme, i.value) in (select * from unnest(?::text[], ?::text[]))""");
            ps.setArray(1, c.createArrayOf("text", schemes));
            ps.setArray(2, c.createArrayOf("text", values));
            return ps;
        }, rs -> {
            known.put(new IdentifierScheme.Identifier(rs.getString(1), rs.getString(2)), rs.getObject(3, UUID.class));
        });
        return known;
    }

    /**
     * Attaches new identifiers; where another transaction attached one first, returns which new person
     * should become which existing one.
     */
    private Map<UUID, UUID> claim(String feedId, long runId, Map<IdentifierScheme.Identifier, UUID> claims) {
        Map<UUID, UUID> lost = new HashMap<>();
        if (claims.isEmpty()) {
            return lost;
        }
        String[] schemes = new String[claims.size()];
        String[] values = new String[claims.size()];
        UUID[] owners = new UUID[claims.size()];
        int n = 0;
        for (Map.Entry<IdentifierScheme.Identifier, UUID> e : claims.entrySet()) {
            schemes[n] = e.getKey().scheme();
            values[n] = e.getKey().value();
            owners[n++] = e.getValue();
        }
        Set<IdentifierScheme.Identifier> won = new HashSet<>();
        jdbc.query(c -> {
            var ps = c.prepareStatement("""
                    insert into person_identifier (scheme, value, hub_id, source_feed, first_run_id)
                    select s, v, h, ?, ? from unnest(?::text[], ?::text[], ?::uuid[]) as t(s, v, h)
                    on conflict (scheme, value) do nothing
                    returning scheme, value""");
            ps.setString(1, feedId);
            ps.setLong(2, runId);
            ps.setArray(3, c.createArrayOf("text", schemes));
            ps.setArray(4, c.createArrayOf("text", values));
            Array uuids = c.createArrayOf("uuid", owners);
            ps.setArray(5, uuids);
            return ps;
        }, rs -> {
            won.add(new IdentifierScheme.Identifier(rs.getString(1), rs.getString(2)));
        });
        if (won.size() == claims.size()) {
            return lost;
        }
        Set<IdentifierScheme.Identifier> taken = new LinkedHashSet<>(claims.keySet());
        taken.removeAll(won);
        Map<IdentifierScheme.Identifier, UUID> winners = lookup(taken);
        for (IdentifierScheme.Identifier id : taken) {
            UUID mine = claims.get(id);
            UUID theirs = winners.get(id);
            if (theirs != null && !theirs.equals(mine)) {
                lost.putIfAbsent(mine, theirs);
            }
        }
        // identifiers this batch did attach to a person that turned out to exist already move to that person
        lost.forEach((mine, theirs) -> jdbc.update("update person_identifier set hub_id = ? where hub_id = ?", theirs, mine));
        return lost;
    }

    private void insertPeople(Set<UUID> created) {
        if (created.isEmpty()) {
            return;
        }
        UUID[] ids = created.toArray(UUID[]::new);
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into young_person (hub_id) select unnest(?::uuid[])");
            ps.setArray(1, c.createArrayOf("uuid", ids));
            return ps;
        });
    }
}
