package org.pathwayshub.system;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** PostgreSQL is the only database: an external server from HUB_DB_URL, else the embedded server. */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    public HubDataSource dataSource(HubProperties hub) {
        HubProperties.Database db = hub.getDb();
        HikariConfig config = new HikariConfig();
        config.setPoolName("hub-db");
        config.setMaximumPoolSize(db.getPoolSize());
        config.setConnectionTimeout(db.getConnectionTimeout().toMillis());
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "pathways-hub");
        EmbeddedPostgresServer embedded = null;
        if (db.isEmbedded()) {
            try {
                embedded = EmbeddedPostgresServer.start(hub.dataDir(), db.getEmbeddedPort(), db.getEmbeddedStartTimeout());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server under " + hub.dataDir(), e);
            }
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername(embedded.user());
            config.setPassword(embedded.password());
        } else {
            config.setJdbcUrl(db.getUrl());
            config.setUsername(db.getUser());
            config.setPassword(db.getPassword());
        }
        try {
            return new HubDataSource(config, embedded);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    private static void closeQuietly(EmbeddedPostgresServer embedded) {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }

    /** The connection pool; closing it also stops the embedded server, after the pool, in that order. */
    public static class HubDataSource extends HikariDataSource {
        private final EmbeddedPostgresServer embedded;

        HubDataSource(HikariConfig config, EmbeddedPostgresServer embedded) {
            super(config);
            this.embedded = embedded;
        }

        @Override
        public void close() {
            super.close();
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

}
