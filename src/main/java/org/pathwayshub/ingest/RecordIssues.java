package org.pathwayshub.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Quarantined records and the issues found in records, per run: what a data team reads to fix data at source. */
@Repository
public class RecordIssues {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public RecordIssues(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Quarantines records and lists warnings, in the caller's transaction. */
    public void record(String feedId, long runId, List<Rejected> rejected, List<RecordIssue> warnings) {
        BulkSql.Columns issues = new BulkSql.Columns("int8", "text", "int8", "text", "text", "text", "text", "text",
                "int4", "text", "text");
        if (!rejected.isEmpty()) {
            List<Long> ids = jdbc.queryForList("select nextval('quarantined_record_id_seq') from generate_series(1, ?)",
                    Long.class, rejected.size());
            BulkSql.Columns quarantined = new BulkSql.Columns("int8", "int8", "text", "text");
            for (int i = 0; i < rejected.size(); i++) {
                Rejected r = rejected.get(i);
                long id = ids.get(i);
                quarantined.add(id, r.line(), r.element(), toJson(r.raw()));
                for (RecordIssue issue : r.issues()) {
                    add(issues, id, issue);
                }
            }
            BulkSql.update(jdbc, """
                    insert into quarantined_record (id, run_id, feed_id, line_no, element, raw_record)
                    select i, ?, ?, l, e, r::jsonb from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) as v(i, l, e, r)""",
                    runId, feedId, quarantined);
        }
        for (RecordIssue w : warnings) {
            add(issues, null, w);
        }
        if (!issues.isEmpty()) {
            // in the order found, so a run's issues list in file order
            BulkSql.update(jdbc, """
                    insert into record_issue (run_id, quarantined_id, severity, line_no, element, column_name, field, value,
                      rule, dfe_error, reason, record_key)
                    select ?, q, s, l, e, c, f, v, r, d, re, k
                    from unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                      ?::int[], ?::text[], ?::text[]) with ordinality as t(q, s, l, e, c, f, v, r, d, re, k, n) order by n""",
                    runId, issues);
        }
    }

    private static void add(BulkSql.Columns issues, Long quarantinedId, RecordIssue i) {
        issues.add(quarantinedId, i.severity().name(), i.line(), visible(i.element()), visible(i.column()), i.field(),
                visible(i.value()), i.rule(), i.dfeError(), visible(i.reason()), visible(i.recordKey()));
    }

    /**
     * A value as it can be kept: PostgreSQL text holds no NUL character, so a partner's U+0000 is kept as the visible
     * symbol for it (U+2400), and the record is still stored or quarantined rather than failing the run.
     */
    static String visible(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\u2400');
    }

    private String toJson(Map<String, String> raw) {
        Map<String, String> kept = new LinkedHashMap<>();
        raw.forEach((k, v) -> kept.put(visible(k), visible(v)));
        try {
            return json.writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A quarantined record as the API shows it: its first problem up front, all of them listed. */
    public record Reject(long quarantineId, Long line, String element, String recordKey, String column, String field,
                         String value, String rule, Integer dfeError, String reason, String state, List<Problem> problems) {
    }

    public record Problem(String column, String field, String value, String rule, Integer dfeError, String reason) {
    }

    public List<Reject> rejects(long runId, int offset, int limit) {
        Map<Long, List<Problem>> problems = new LinkedHashMap<>();
        Map<Long, Object[]> heads = new LinkedHashMap<>();
        jdbc.query("""
                select q.id, q.line_no, q.element, q.state, i.column_name, i.field, i.value, i.rule, i.dfe_error, i.reason,
                  i.record_key
                from (select * from quarantined_record where run_id = ? order by line_no, id offset ? limit ?) q
                join record_issue i on i.quarantined_id = q.id
                order by q.line_no, q.id, i.id""", rs -> {
            long id = rs.getLong(1);
            heads.putIfAbsent(id, new Object[] {rs.getObject(2), rs.getString(3), rs.getString(4), rs.getString(11)});
            problems.computeIfAbsent(id, k -> new ArrayList<>()).add(new Problem(rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getString(8), (Integer) rs.getObject(9), rs.getString(10)));
        }, runId, offset, limit);
        List<Reject> out = new ArrayList<>(heads.size());
        heads.forEach((id, h) -> {
            List<Problem> ps = problems.get(id);
            Problem first = ps.get(0);
            out.add(new Reject(id, h[0] == null ? null : ((Number) h[0]).longValue(), (String) h[1], (String) h[3], first.column(),
                    first.field(), first.value(), first.rule(), first.dfeError(), first.reason(), (String) h[2], ps));
        });
        return out;
    }

    public record Warning(Long line, String element, String recordKey, String column, String field, String value,
                          String rule, Integer dfeError, String reason) {
    }

    public List<Warning> warnings(long runId, int offset, int limit) {
        return jdbc.query("""
                select line_no, element, record_key, column_name, field, value, rule, dfe_error, reason from record_issue
                where run_id = ? and severity = 'WARNING' and quarantined_id is null
                order by line_no, id offset ? limit ?""",
                (rs, n) -> new Warning((Long) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), (Integer) rs.getObject(8), rs.getString(9)),
                runId, offset, limit);
    }
}
