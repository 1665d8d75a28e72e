package org.pathwayshub.it;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The LA's social care database, a second PostgreSQL server: a table of children's services records and the
 * view the hub is given read access to.
 */
final class PartnerDatabase implements AutoCloseable {

    static final String TABLE = "cs_person_status";
    static final String VIEW = "hub_childrens_services_v";

    private final EmbeddedPostgres postgres;

    PartnerDatabase(Path dataDir) throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(dataDir.resolveSibling("partner-pg-bin").toFile()).start();
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("""
                    create table %s (person_ref text primary key, upn text, forename text, surname text, dob date,
                      postcode text, looked_after_from date, looked_after_to date, care_leaver boolean, child_in_need boolean,
                      early_help_from date, young_carer boolean, yjs_supervised_from date, yjs_custody_from date,
                      updated_at timestamptz not null)""".formatted(TABLE));
            s.execute("create view " + VIEW + " as select * from " + TABLE);
        } catch (SQLException e) {
            throw new IOException("cannot set up the partner database", e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    Connection connection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
