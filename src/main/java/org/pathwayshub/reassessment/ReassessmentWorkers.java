package org.pathwayshub.reassessment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.pathwayshub.record.PersonChanges;
import org.pathwayshub.system.HubProperties;
import org.pathwayshub.system.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's reassessment workers ({@code hub.reassessment.workers}, default 2): each takes batches off the change
 * feed until none waits, then sleeps until this node commits a change or, for changes made on other nodes, until
 * the idle poll comes round. They stop before the database does.
 */
@Component
public class ReassessmentWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReassessmentWorkers.class);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final Reassessment reassessment;
    private final PersonChanges changes;
    private final HubProperties.Reassessment settings;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public ReassessmentWorkers(Reassessment reassessment, PersonChanges changes, HubProperties hub) {
        this.reassessment = reassessment;
        this.changes = changes;
        this.settings = hub.getReassessment();
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 1; i <= settings.getWorkers(); i++) {
            Thread t = new Thread(this::work, "reassessment-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("Reassessment: {} workers, {} young people per transaction", settings.getWorkers(), settings.getBatchSize());
    }

    private void work() {
        while (running) {
            try {
                if (reassessment.assessNext(settings.getBatchSize()) == 0) {
                    changes.awaitChange(settings.getIdlePoll());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Reassessment could not take work from the change feed ({}); trying again shortly", LogSafe.describe(e));
                try {
                    Thread.sleep(AFTER_FAILURE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started after the web server, so stopped before it; either way long before the database closes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
