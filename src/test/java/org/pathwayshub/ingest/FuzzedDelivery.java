package org.pathwayshub.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.pathwayshub.mapping.FeedMapping;
import org.pathwayshub.mapping.FeedMappings;
import org.pathwayshub.mapping.RecordCheckSets;
import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;
import org.pathwayshub.nccis.NccisAppendixDChecks;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.referral.ReferralRules;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.HubProperties;

/**
 * A partner's delivery of any bytes at all, read through a feed's reader to its end as {@link FeedIngestor} reads it:
 * the layout, every record (and what quarantine would keep of it), the fingerprint. Two outcomes are
 * right: every record read, or the delivery refused with a reason ({@link UnreadableFileException}; a
 * {@link FileBreaksException} when it breaks part-way), which moves the file to failed/. Anything else is a defect the
 * fuzz tests report: an unchecked exception or error stops the run without an answer, an {@link IOException} from
 * bytes in memory is a parse failure the feed takes for a disk or network fault and reads again at every poll, and a
 * read that does not finish in {@link #TIME_LIMIT} holds the feed's route.
 */
final class FuzzedDelivery {

    /** A delivery of a few KB read from memory takes a millisecond: a reader still at it after this long is stuck. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(10);

    /** The first read in a JVM also loads the reader and its parser, with the fuzzer's probes: seconds on a busy machine. */
    static final Duration FIRST_TIME_LIMIT = Duration.ofMinutes(2);

    /** Far below the hub's 64 K, so that fuzzed deliveries reach the limit and the paths that refuse a longer value. */
    static final int MAX_FIELD_CHARS = 256;

    private static ExecutorService reader = newReader();
    private static volatile Thread readerThread;
    private static boolean firstRead = true;

    private FuzzedDelivery() {
    }

    /** A shipped mapping under mappings/feeds/; the record checks it names exist but are not run: only the reader is. */
    static FeedMapping mapping(String name) {
        HubConfigFiles files = new HubConfigFiles(new HubProperties());
        CodeLists codeLists = new CodeLists(files);
        RecordCheckSets checkSets = new RecordCheckSets(List.of(new NccisAppendixDChecks(codeLists, files),
                new ReferralRules(new ServiceDirectory(List.of()))));
        return new FeedMappings(files, codeLists, checkSets).get(name);
    }

    /**
     * Reads the delivery to its end, or to the reader's refusal, on a thread of its own so that a hang is reported
     * (with where the reader is stuck) rather than waited on.
     */
    static void read(FeedMapping mapping, byte[] delivery) throws Throwable {
        Future<?> reading = reader.submit(() -> {
            readToTheEnd(mapping, delivery);
            return null;
        });
        Duration limit = firstRead ? FIRST_TIME_LIMIT : TIME_LIMIT;
        firstRead = false;
        try {
            reading.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            AssertionError hang = new AssertionError("the " + mapping.format() + " reader has not finished a delivery of "
                    + delivery.length + " bytes in " + limit.toSeconds() + " s: it hangs (stack trace: where it is)");
            hang.setStackTrace(whereTheReaderIs());
            // the stuck thread cannot be stopped: leave it, and read the next delivery on a new one
            reader.shutdownNow();
            reader = newReader();
            throw hang;
        }
    }

    /**
     * The stuck reader's stack, less the fuzzer's coverage probes it may be inside: Jazzer cuts a finding's trace at
     * its first frame of Jazzer's own, which would leave nothing.
     */
    private static StackTraceElement[] whereTheReaderIs() {
        StackTraceElement[] stack = readerThread.getStackTrace();
        int from = 0;
        while (from < stack.length && stack[from].getClassName().startsWith("com.code_intelligence.jazzer.")) {
            from++;
        }
        return Arrays.copyOfRange(stack, from, stack.length);
    }

    private static void readToTheEnd(FeedMapping mapping, byte[] delivery) throws IOException {
        try (RecordSource source = RecordSources.open("fuzzed-delivery", new ByteArrayInputStream(delivery), mapping,
                MAX_FIELD_CHARS)) {
            SourceLayout layout = source.layout();
            long lastLine = 0;
            SourceRecord record;
            while ((record = source.next()) != null) {
                record.asMap(layout);
                if (record.problem() == null && record.values().length != layout.size()) {
                    throw new AssertionError("record at line " + record.line() + " has " + record.values().length
                            + " values for " + layout.size() + " columns, and no problem said");
                }
                if (record.line() < lastLine) {
                    throw new AssertionError("record at line " + record.line() + " comes after one at line " + lastLine);
                }
                lastLine = record.line();
            }
            // the fingerprint that tells a delivery sent again covers all of it once the last record is read
            if (source.bytesRead() != delivery.length) {
                throw new AssertionError("the reader ended after " + source.bytesRead() + " of " + delivery.length
                        + " bytes, so the fingerprint is not the file's");
            }
            source.sha256();
        } catch (UnreadableFileException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("the delivery is refused without a reason", refused);
            }
        }
    }

    private static ExecutorService newReader() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "fuzzed-delivery-reader");
            thread.setDaemon(true);
            readerThread = thread;
            return thread;
        });
    }
}
