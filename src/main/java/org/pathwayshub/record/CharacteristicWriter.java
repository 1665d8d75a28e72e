package org.pathwayshub.record;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Characteristics as each source reports them, with the from and to dates the source gives, and when the hub
 * first and last saw each. A source that sends a person's full list (NCCIS, provider tracking) ends the
 * characteristics it no longer lists.
 */
@Component
public class CharacteristicWriter implements FactWriter {

    private final JdbcTemplate jdbc;

    public CharacteristicWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Section section() {
        return Section.PERSON;
    }

    @Override
    public boolean appliesTo(MappedRecord record) {
        return !record.characteristics().isEmpty() || record.reportsFullCharacteristicList()
                || !record.characteristicsNotHeld().isEmpty();
    }

    @Override
    public void write(String feedId, long runId, List<ResolvedRecord> records) {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        Map<UUID, Set<String>> fullLists = new LinkedHashMap<>();
        Map<UUID, Set<String>> notHeld = new java.util.TreeMap<>();
        for (ResolvedRecord r : records) {
            for (CharacteristicFact c : r.record().characteristics()) {
                rows.put(r.hubId() + "|" + c.code() + "|" + c.from(), new Object[] {r.hubId(), c.code(), c.from(), c.to(),
                        r.record().line()});
            }
            if (r.record().reportsFullCharacteristicList()) {
                Set<String> codes = new LinkedHashSet<>();
                r.record().characteristics().forEach(c -> codes.add(c.code()));
                fullLists.put(r.hubId(), codes);
            }
            if (!r.record().characteristicsNotHeld().isEmpty()) {
                notHeld.computeIfAbsent(r.hubId(), k -> new LinkedHashSet<>()).addAll(r.record().characteristicsNotHeld());
            }
        }
        if (!rows.isEmpty()) {
            BulkSql.Columns columns = new BulkSql.Columns("uuid", "text", "date", "date", "int8");
            // rows locked in hub id order, like every other writer
            rows.values().stream().sorted((a, b) -> ((UUID) a[0]).compareTo((UUID) b[0])).forEach(columns::add);
            BulkSql.update(jdbc, """
                    insert into characteristic (hub_id, code, from_date, to_date, source_feed, run_id, line_no)
                    select h, c, fd, td, ?, ?, ln from unnest(?::uuid[], ?::text[], ?::date[], ?::date[], ?::bigint[])
                      as v(h, c, fd, td, ln)
                    on conflict (hub_id, code, source_feed, coalesce(from_date, '-infinity'::date)) do update set
                      to_date = excluded.to_date, run_id = excluded.run_id, line_no = excluded.line_no, last_seen = now()""",
                    feedId, runId, columns);
        }
        // what the source now says does not hold has ended; so has what a full list no longer names
        endCharacteristics(feedId, notHeld, "ch.code = any(string_to_array(v.codes, ','))");
        endCharacteristics(feedId, fullLists, "not (ch.code = any(string_to_array(v.codes, ',')))");
    }

    /** Ends the open characteristics of each young person whose code meets {@code codeCondition} against their list. */
    private void endCharacteristics(String feedId, Map<UUID, Set<String>> codesByPerson, String codeCondition) {
        if (codesByPerson.isEmpty()) {
            return;
        }
        BulkSql.update(jdbc, """
                update characteristic ch set to_date = current_date, last_seen = now()
                from unnest(?::uuid[], ?::text[]) as v(hub_id, codes)
                where ch.source_feed = ? and ch.hub_id = v.hub_id and ch.to_date is null
                """ + " and " + codeCondition, BulkSql.column("uuid", codesByPerson.keySet()),
                BulkSql.column("text", codesByPerson.values().stream().map(codes -> String.join(",", codes)).toList()), feedId);
    }
}
