package org.pathwayshub.nccis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.pathwayshub.ingest.NccisXmlSource;
import org.pathwayshub.ingest.UnreadableFileException;
import org.pathwayshub.mapping.FeedMapping;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.mapping.LayoutMismatchException;
import org.pathwayshub.mapping.RecordMapper;
import org.pathwayshub.mapping.SourceRecord;
import org.pathwayshub.mapping.ValueParser;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.system.BulkSql;
import org.pathwayshub.system.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a month's return before it is sent: writes it as it stands and reads it back through the nccis-xml mapping
 * with every Appendix D check, exactly as NCCIS-bound files are checked on the way in, and keeps each problem (DfE
 * number, field, value, what to correct) with the young person it is about. The return is written to a temporary
 * file and read as a stream, so a cohort of any size is checked in a small heap.
 */
@Component
public class NccisReturnCheck {

    static final String MAPPING = "nccis-xml";
    private static final int BATCH = 1_000;

    private final NccisReturn returns;
    private final FeedMappings mappings;
    private final ValueParser parser;
    private final NccisAppendixDChecks appendixD;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HubProperties hub;
    private final Clock clock;

    @Autowired
    public NccisReturnCheck(NccisReturn returns, FeedMappings mappings, ValueParser parser, NccisAppendixDChecks appendixD,
                            JdbcTemplate jdbc, TransactionTemplate tx, HubProperties hub) {
        this.returns = returns;
        this.mappings = mappings;
        this.parser = parser;
        this.appendixD = appendixD;
        this.jdbc = jdbc;
        this.tx = tx;
        this.hub = hub;
        this.clock = Clock.systemDefaultZone();
    }

    /** What a check found: how many records the return held, how many problems, by DfE number. */
    public record Summary(LocalDate periodEnd, Instant checkedAt, int records, int problems, Map<String, Integer> byDfeError) {
    }

    /** One problem in the return, named by the young person's YoungPersonsID and hub id. */
    public record Problem(String youngPersonsId, String hubId, String element, String column, String field, String value,
                          String rule, Integer dfeError, String reason) {
    }

    /** Checks the period's return as it stands now and keeps what it found (replacing the last check of the period). */
    public Summary check(LocalDate periodEnd) {
        Path file;
        try {
            Path dir = hub.dataDir().resolve("nccis-check");
            Files.createDirectories(dir);
            file = Files.createTempFile(dir, "nccis-" + periodEnd + "-", ".xml");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a working file for the NCCIS return check", e);
        }
        try {
            int records;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                records = returns.write(periodEnd, LocalDate.now(clock), out, r -> { });
            }
            return readBack(periodEnd, file, records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the NCCIS return for " + periodEnd, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the working file is in the hub's data folder and named for the period; it is overwritten next time
            }
        }
    }

    private Summary readBack(LocalDate periodEnd, Path file, int records) throws IOException {
        int[] problems = {0};
        Map<String, Integer> byDfe = new TreeMap<>();
        tx.executeWithoutResult(status -> {
            jdbc.update("delete from nccis_return_check where period_end = ?", periodEnd);
            jdbc.update("insert into nccis_return_check (period_end, records, problems) values (?, ?, 0)", periodEnd, records);
        });
        List<RecordIssue> batch = new ArrayList<>(BATCH);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            read(file.getFileName().toString(), in, issue -> {
                batch.add(issue);
                problems[0]++;
                byDfe.merge(key(issue), 1, Integer::sum);
                if (batch.size() >= BATCH) {
                    store(periodEnd, batch);
                    batch.clear();
                }
            });
            store(periodEnd, batch);
        } catch (UnreadableFileException | LayoutMismatchException e) {
            throw new IllegalStateException("the hub's own NCCIS return did not read back: " + e.getMessage(), e);
        }
        jdbc.update("update nccis_return_check set problems = ?, checked_at = now() where period_end = ?", problems[0], periodEnd);
        Instant checkedAt = jdbc.queryForObject("select checked_at from nccis_return_check where period_end = ?",
                (rs, n) -> rs.getTimestamp(1).toInstant(), periodEnd);
        return new Summary(periodEnd, checkedAt, records, problems[0], byDfe);
    }

    /** A problem's DfE number, or its rule's name when DfE has none (an element the mapping does not know). */
    private static String key(RecordIssue issue) {
        return issue.dfeError() == null ? issue.rule() : String.valueOf(issue.dfeError());
    }

    /**
     * Reads an NCCIS XML file as the nccis-xml feed does, with every Appendix D check, telling {@code each} of every
     * problem in file order, and storing nothing. Returns the file's header and how many records it held.
     */
    private FileRead read(String name, InputStream in, Consumer<RecordIssue> each)
            throws IOException, UnreadableFileException, LayoutMismatchException {
        FeedMapping mapping = mappings.get(MAPPING);
        try (NccisXmlSource source = NccisXmlSource.open(name, in, mapping.sourceColumns(), mapping.ignored(), 65_536)) {
            RecordMapper mapper = RecordMapper.bind(mapping, source.layout(), parser, LocalDate.now(clock),
                    List.of(appendixD.start(source.fileHeader())));
            int records = 0;
            for (SourceRecord r = source.next(); r != null; r = source.next()) {
                records++;
                RecordMapper.Outcome outcome = mapper.map(r);
                (outcome.record() == null ? outcome.rejects() : outcome.record().warnings()).forEach(each);
            }
            return new FileRead(source.fileHeader(), records);
        }
    }

    private record FileRead(Map<String, String> header, int records) {
    }

    /** What a check of an NCCIS file sent to the hub found: its header, counts by DfE number, the first problems. */
    public record FileCheck(String file, Map<String, String> header, int records, int problems, int recordsWithProblems,
                            Map<String, Integer> byDfeError, List<RecordIssue> first) {
    }

    /**
     * Checks any NCCIS XML file (a CCIS vendor's return before the LA sends it, a neighbour's transfers) with the
     * nccis-xml mapping and every Appendix D check, as the feed would on the way in, storing nothing. Read as a
     * stream: a file of any size is checked in a small heap; the first {@code keep} problems are listed, all counted.
     *
     * @throws UnreadableFileException the file is not NCCIS XML, or breaks off (the message names the line)
     */
    public FileCheck checkFile(String name, InputStream in, int keep)
            throws IOException, UnreadableFileException, LayoutMismatchException {
        List<RecordIssue> first = new ArrayList<>();
        Map<String, Integer> byDfe = new TreeMap<>();
        int[] problems = {0};
        int[] withProblems = {0};
        long[] lastLine = {-1};
        FileRead read = read(name, in, issue -> {
            problems[0]++;
            byDfe.merge(key(issue), 1, Integer::sum);
            if (issue.line() != lastLine[0]) {  // a record's problems come together, in file order
                withProblems[0]++;
                lastLine[0] = issue.line();
            }
            if (first.size() < keep) {
                first.add(issue);
            }
        });
        return new FileCheck(name, read.header(), read.records(), problems[0], withProblems[0], byDfe, first);
    }

    private void store(LocalDate periodEnd, List<RecordIssue> issues) {
        if (issues.isEmpty()) {
            return;
        }
        BulkSql.Columns rows = new BulkSql.Columns("text", "text", "text", "text", "text", "text", "int4", "text");
        for (RecordIssue i : issues) {
            rows.add(i.recordKey(), i.element(), i.column(), i.field(), i.value(), i.rule(), i.dfeError(), i.reason());
        }
        BulkSql.update(jdbc, """
                insert into nccis_return_error (period_end, hub_id, young_persons_id, element, column_name, field, value, rule,
                  dfe_error, reason)
                select ?, i.hub_id, v.k, v.e, v.c, v.f, v.v, v.r, v.d, v.re
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
                  with ordinality as v(k, e, c, f, v, r, d, re, n)
                left join person_identifier pi on pi.scheme = 'YPID' and pi.value = v.k
                left join young_person i on i.hub_id = coalesce((select m.merged_into from young_person m where m.hub_id = pi.hub_id),
                  pi.hub_id)
                order by v.n""", periodEnd, rows);
    }

    /** The problems found by the last check of the period, in file order. */
    public List<Problem> problems(LocalDate periodEnd, int offset, int limit) {
        return jdbc.query("""
                select young_persons_id, hub_id, element, column_name, field, value, rule, dfe_error, reason
                from nccis_return_error where period_end = ? order by id offset ? limit ?""",
                (rs, n) -> new Problem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), (Integer) rs.getObject(8), rs.getString(9)),
                periodEnd, offset, limit);
    }
}
