package org.pathwayshub.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.pathwayshub.system.DatabaseUnreachable;
import org.pathwayshub.system.DrillCrashPoints;
import org.pathwayshub.mapping.FeedMapping;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.mapping.LayoutMismatchException;
import org.pathwayshub.mapping.RecordCheckSets;
import org.pathwayshub.mapping.RecordChecks;
import org.pathwayshub.mapping.RecordMapper;
import org.pathwayshub.mapping.SourceRecord;
import org.pathwayshub.mapping.ValueParser;
import org.pathwayshub.record.MappedRecord;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Takes one delivery through the pipeline, whatever brought it (a dropped file, a file fetched over SFTP,
 * rows pulled from a database, a request body): read it as a stream, map and check each record, and store
 * it in batches, each batch one transaction. When this returns, every record is stored, quarantined or
 * counted as a duplicate, and the run record says how many of each.
 */
@Component
public class FeedIngestor {

    private static final Logger log = LoggerFactory.getLogger(FeedIngestor.class);

    private final FeedMappings mappings;
    private final ValueParser parser;
    private final RecordCheckSets checkSets;
    private final BatchStore store;
    private final FeedRuns runs;
    private final HubProperties hub;
    private final TableStatistics statistics;
    private final RunProgress.Log progressLog = new RunProgress.Log();
    private final ExecutorService storeThreads = Executors.newCachedThreadPool(new CustomizableThreadFactory("feed-store-"));

    public FeedIngestor(FeedMappings mappings, ValueParser parser, RecordCheckSets checkSets, BatchStore store,
                        FeedRuns runs, HubProperties hub, TableStatistics statistics) {
        this.mappings = mappings;
        this.parser = parser;
        this.checkSets = checkSets;
        this.store = store;
        this.runs = runs;
        this.hub = hub;
        this.statistics = statistics;
    }

    /** Listens for the run id as soon as the run exists (the route names the done/failed file after it). */
    public interface RunListener {
        void started(long runId);
    }

    /** Opens the records of a delivery once its run exists. */
    public interface SourceOpener {
        RecordSource open(FeedMapping mapping, int maxFieldChars) throws IOException, UnreadableFileException;
    }

    /** A partner's file on local disk (dropped in the inbox, or fetched over SFTP into a work folder). */
    public FeedRun ingestFile(String feedId, String kind, String mappingName, Path file, RunListener listener)
            throws IOException, UnreadableFileException {
        String name = file.getFileName().toString();
        return ingest(feedId, kind, mappingName, name, Files.size(file),
                (mapping, max) -> RecordSources.open(name, Files.newInputStream(file), mapping, max), listener);
    }

    /**
     * A delivery refused before anything in it is read (a link, a pipe, an empty file): its run is FAILED with the
     * reason, so the refusal shows with the feed's runs.
     */
    public void refuse(String feedId, String kind, String sourceName, String reason, RunListener listener)
            throws UnreadableFileException {
        long runId = runs.start(feedId, kind, sourceName, null);
        listener.started(runId);
        runs.fail(runId, reason);
        throw new UnreadableFileException(reason);
    }

    /** A delivery in a stream: a request body, say. */
    public FeedRun ingestStream(String feedId, String kind, String mappingName, String sourceName, InputStream stream,
                                RunListener listener) throws IOException, UnreadableFileException {
        return ingest(feedId, kind, mappingName, sourceName, null,
                (mapping, max) -> RecordSources.open(sourceName, stream, mapping, max), listener);
    }

    /**
     * @throws UnreadableFileException the delivery cannot be read as the feed's format: the run is FAILED with the reason
     */
    public FeedRun ingest(String feedId, String kind, String mappingName, String sourceName, Long size, SourceOpener opener,
                          RunListener listener) throws IOException, UnreadableFileException {
        FeedMapping mapping = mappings.get(mappingName);
        long started = System.nanoTime();
        long runId = runs.start(feedId, kind, sourceName, size);
        listener.started(runId);
        try (RecordSource source = opener.open(mapping, hub.getIngest().getMaxFieldChars())) {
            List<RecordChecks.Run> checks = new ArrayList<>();
            for (String name : mapping.checks()) {
                try {
                    checks.add(checkSets.find(name).orElseThrow().start(source.fileHeader()));
                } catch (IllegalArgumentException e) {
                    throw new UnreadableFileException("the file header cannot be used: " + e.getMessage());
                }
            }
            RecordMapper mapper = RecordMapper.bind(mapping, source.layout(), parser, LocalDate.now(), checks);
            readAndStore(feedId, runId, source, mapper, size);
            runs.complete(runId, source.sha256(), source.bytesRead());
            progressLog.finished(runId);
        } catch (LayoutMismatchException e) {
            runs.fail(runId, e.getMessage());
            throw new UnreadableFileException(e.getMessage());
        } catch (UnreadableFileException e) {
            runs.fail(runId, e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            failQuietly(runId, e);
            throw e;
        }
        FeedRun run = runs.find(feedId, runId).orElseThrow();
        log.info("Feed {} run {} ({}): received {}, stored {}, quarantined {}, duplicates {}, warnings {} in {} ms",
                feedId, runId, LogSafe.quoted(run.source()), run.received(), run.stored(), run.quarantined(), run.duplicates(),
                run.warnings(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return run;
    }

    /**
     * Reads, maps and stores a delivery batch by batch. A file that breaks part-way (a quote never closed, XML or JSON cut
     * short) keeps every complete record before the break: they are stored with the break itself quarantined at its
     * line, and then the run fails with the counts, so that the file goes to failed/ to be sent again. Sent again
     * whole, the records kept count as duplicates and the rest are stored.
     */
    private void readAndStore(String feedId, long runId, RecordSource source, RecordMapper mapper, Long size)
            throws IOException, UnreadableFileException {
        int batchSize = hub.getIngest().getBatchSize();
        List<MappedRecord> records = new ArrayList<>(batchSize);
        List<Rejected> rejected = new ArrayList<>();
        long lastLine = 0;
        long read = 0;
        FileBreaksException broken = null;
        AtomicLong stored = new AtomicLong();
        // a file sent again is all duplicates; a new one has none: each batch looks first for keys seen before only
        // while the batches before it found some (the first batch always looks)
        AtomicBoolean duplicatesLikely = new AtomicBoolean(true);
        try (StoreAhead storing = new StoreAhead(storeThreads)) {
            SourceRecord record;
            while (true) {
                try {
                    record = source.next();
                } catch (FileBreaksException e) {
                    broken = e;
                    rejected.add(new Rejected(e.line(), e.element(), e.fragment(), List.of(RecordIssue.reject(e.line(),
                            e.element(), null, null, null, e.rule(), e.getMessage()))));
                    lastLine = Math.max(lastLine, e.line());
                    break;
                }
                if (record == null) {
                    break;
                }
                read++;
                DrillCrashPoints.reach(DrillCrashPoints.PARSING);
                lastLine = record.line();
                RecordMapper.Outcome outcome = mapper.map(record);
                if (outcome.rejected()) {
                    rejected.add(new Rejected(record.line(), record.element(), record.asMap(source.layout()), outcome.rejects()));
                } else {
                    records.add(outcome.record());
                }
                if (records.size() + rejected.size() >= batchSize) {
                    BatchStore.Batch batch = new BatchStore.Batch(records, rejected, lastLine, source.checkpoint());
                    storing.submit(storing(feedId, runId, batch, stored, duplicatesLikely, source.bytesRead(), size));
                    records = new ArrayList<>(batchSize);
                    rejected = new ArrayList<>();
                }
            }
            if (!records.isEmpty() || !rejected.isEmpty()) {
                BatchStore.Batch batch = new BatchStore.Batch(records, rejected, lastLine, source.checkpoint());
                storing.submit(storing(feedId, runId, batch, stored, duplicatesLikely, source.bytesRead(), size));
            }
            storing.awaitStored();
        }
        if (read == 0 && broken == null) {
            store.deliveryWarning(feedId, runId, RecordIssue.warning(Math.max(lastLine, 1), null, null, null, null,
                    "no-records", "the delivery holds no records (a header, or the opening of the file, and nothing"
                            + " after it): nothing was stored; if the partner's export should have had records, ask"
                            + " for it again"));
        }
        if (broken != null) {
            throw new UnreadableFileException(String.format("the file breaks at line %d%s: %s. The %,d complete records"
                            + " before it were kept (stored, quarantined or duplicates, as counted) and the break is quarantined;"
                            + " send the whole file again to complete it: records already kept count as duplicates",
                    broken.line(), broken.element() == null ? "" : " (" + broken.element() + ")", broken.getMessage(), read));
        }
    }

    /** Stores a batch, and keeps the planner's statistics in step with a run that is growing the tables fast. */
    private Runnable storing(String feedId, long runId, BatchStore.Batch batch, AtomicLong storedSoFar,
                             AtomicBoolean duplicatesLikely, long bytesRead, Long fileSize) {
        return () -> {
            BatchStore.Outcome outcome = store.store(feedId, runId, batch, duplicatesLikely.get());
            DrillCrashPoints.reach(DrillCrashPoints.BETWEEN_BATCHES);
            duplicatesLikely.set(outcome.duplicates() > 0);
            int n = outcome.stored();
            long before = storedSoFar.getAndAdd(n);
            statistics.stored(before, before + n);
            runs.progress(runId, bytesRead);
            progressLog.batchStored(feedId, runId, batch.received(), bytesRead, fileSize);
        };
    }

    @PreDestroy
    void stop() {
        storeThreads.shutdown();
    }

    /**
     * Marks a run stopped by an error FAILED with the reason. When the database has gone (the error is its going, or the
     * failure cannot be written), the reason names it and is written once the database is back.
     */
    private void failQuietly(long runId, Exception cause) {
        String databaseGone = "the database became unreachable while the run was storing its records ("
                + LogSafe.describe(cause) + "); the delivery stays where it is and is read again once the database is back:"
                + " the records stored before count as duplicates";
        try {
            runs.fail(runId, DatabaseUnreachable.causedBy(cause) ? databaseGone
                    : "stopped by an error (" + LogSafe.describe(cause) + "); the delivery is read again at the next poll");
        } catch (RuntimeException e) {
            if (DatabaseUnreachable.causedBy(e)) {
                runs.failWhenReachable(runId, databaseGone);
                log.warn("Run {} stopped as the database became unreachable; it is marked FAILED once the database is back",
                        runId);
            } else {
                log.warn("Could not mark run {} failed: {}", runId, e.getMessage());
            }
        }
    }
}
