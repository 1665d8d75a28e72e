package org.pathwayshub.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a running file has come: records so far, the share of the file's bytes read, the rate, and the time left
 * at that rate. Shown with the run ({@code progress} in the API, the feed page) and logged every
 * {@value #LOG_EVERY_SECONDS} seconds of a long run: counts only, never a record's values.
 *
 * @param records        records read so far
 * @param percent        of the file's bytes read (null when its size is not known: a database or REST source)
 * @param recordsPerSecond since the run started
 * @param secondsLeft    at the rate so far (null when the size is not known)
 */
public record RunProgress(long records, Integer percent, long recordsPerSecond, Long secondsLeft) {

    static final int LOG_EVERY_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(RunProgress.class);

    /** Progress from what a run has counted: null when there is nothing to say yet. */
    public static RunProgress of(long records, Long bytesRead, Long fileSize, Instant started, Instant now) {
        double seconds = Math.max(Duration.between(started, now).toMillis() / 1000.0, 0.001);
        long rate = Math.round(records / seconds);
        if (bytesRead == null || fileSize == null || fileSize <= 0 || bytesRead <= 0) {
            return records == 0 ? null : new RunProgress(records, null, rate, null);
        }
        double share = Math.min(1.0, (double) bytesRead / fileSize);
        long left = Math.round(seconds * (1 - share) / share);
        return new RunProgress(records, (int) Math.floor(share * 100), rate, left);
    }

    /** Logs a long run's progress now and then (every {@value #LOG_EVERY_SECONDS} s per run). */
    static final class Log {

        private static final class Run {
            final Instant started = Instant.now();
            Instant logged = started;
            long records;
        }

        private final Map<Long, Run> runs = new ConcurrentHashMap<>();

        void batchStored(String feedId, long runId, int batchRecords, long bytesRead, Long fileSize) {
            Run run = runs.computeIfAbsent(runId, id -> new Run());
            RunProgress p;
            synchronized (run) {
                run.records += batchRecords;
                Instant now = Instant.now();
                if (Duration.between(run.logged, now).getSeconds() < LOG_EVERY_SECONDS) {
                    return;
                }
                run.logged = now;
                p = of(run.records, bytesRead, fileSize, run.started, now);
            }
            if (p != null) {
                log.info("Feed {} run {}: {} records so far{}, {} records/s{}", feedId, runId, p.records(),
                        p.percent() == null ? "" : " (" + p.percent() + "% of the file)", p.recordsPerSecond(),
                        p.secondsLeft() == null ? "" : ", about " + Duration.ofSeconds(p.secondsLeft()).toMinutes() + " min "
                                + Duration.ofSeconds(p.secondsLeft()).toSecondsPart() + " s left");
            }
        }

        void finished(long runId) {
            runs.remove(runId);
        }
    }
}
