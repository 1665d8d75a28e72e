package org.pathwayshub.feed;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.pathwayshub.ingest.FeedRuns;
import org.pathwayshub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every feed route shares: the cluster-wide file read locks, and recovery of runs a crash left open. */
@Configuration(proxyBeanMethods = false)
public class FeedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FeedConfiguration.class);

    /**
     * Read locks on inbox files, kept in PostgreSQL so that only one hub node reads a file; a lock left by a
     * node that died is taken over once it is older than {@code hub.cluster.file-lock-max-age} (live nodes refresh theirs).
     */
    @Bean("feedFileLocks")
    public IdempotentRepository feedFileLocks(DataSource dataSource, CamelContext camel, HubProperties hub) {
        JdbcOrphanLockAwareIdempotentRepository locks = new JdbcOrphanLockAwareIdempotentRepository(dataSource, "feed-files", camel);
        locks.setCreateTableIfNotExists(false);
        long maxAge = hub.getCluster().getFileLockMaxAge().toMillis();
        locks.setLockMaxAgeMillis(maxAge);
        // refreshed ten times within its age, so a live node's lock never looks abandoned
        locks.setLockKeepAliveIntervalMillis(Math.max(1_000, maxAge / 10));
        return new InboxFileLocks(locks, hub.getHome().resolve("inbox"));
    }

    /** Before any route starts: runs this node left RUNNING when it last stopped are marked INTERRUPTED. */
    @Bean
    public InitializingBean interruptAbandonedRuns(FeedRuns runs) {
        return () -> {
            int n = runs.interruptAbandoned();
            if (n > 0) {
                log.warn("{} feed run(s) were left unfinished by an earlier stop; marked INTERRUPTED (their files are read again)", n);
            }
        };
    }
}
