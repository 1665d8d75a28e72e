package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.pathwayshub.record.IdentifierCheck.Outcome;
import org.pathwayshub.record.UpnCheck;

class ChildrensServicesRowsTest {

    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;
    private static final List<YoungPerson> PEOPLE = YoungPersonCohort.generate(400, 3);

    private final ChildrensServicesRows rows = ChildrensServicesRows.of(PEOPLE, NameVariants.unchanged(), AS_AT, 3);

    @Test
    void everyoneIsKnownForSomethingAndUpnsAreOftenMissingOrPlaceholders() {
        UpnCheck upns = FeedFiles.upnCheck();
        assertThat(rows.rows()).hasSize(PEOPLE.size());
        for (ChildrensServicesRows.Row r : rows.rows()) {
            assertThat(r.personRef()).matches("CS\\d{7}");
            assertThat(r.upn() == null || upns.check(r.upn()).isValid() || r.upn().equals("UN1")).isTrue();
            assertThat(r.lookedAfterFrom() != null || r.childInNeed() || r.earlyHelpFrom() != null || r.youngCarer()
                    || r.yjsSupervisedFrom() != null).as("known to children's services: %s", r).isTrue();
            if (r.lookedAfterTo() != null) {
                assertThat(r.lookedAfterTo()).isAfter(r.lookedAfterFrom()).isBeforeOrEqualTo(AS_AT);
            }
            if (r.yjsCustodyFrom() != null) {
                assertThat(r.yjsCustodyFrom()).isAfterOrEqualTo(r.yjsSupervisedFrom());
            }
            assertThat(r.updatedAt()).isBeforeOrEqualTo(AS_AT.atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        assertThat(rows.rows()).filteredOn(r -> r.upn() == null).hasSizeGreaterThan(40);
        assertThat(rows.rows()).filteredOn(r -> "UN1".equals(r.upn())).isNotEmpty()
                .allMatch(r -> upns.check(r.upn()).outcome() == Outcome.PLACEHOLDER);
        assertThat(rows.rows()).anyMatch(ChildrensServicesRows.Row::careLeaver).anyMatch(r -> r.lookedAfterFrom() != null)
                .anyMatch(ChildrensServicesRows.Row::youngCarer).anyMatch(r -> r.yjsSupervisedFrom() != null);
    }

    @Test
    void flagsAgreeWithTheNccisCharacteristics() {
        for (int i = 0; i < PEOPLE.size(); i++) {
            List<String> characteristics = CurrentActivity.of(PEOPLE.get(i), AS_AT, 3).characteristics();
            ChildrensServicesRows.Row r = rows.rows().get(i);
            assertThat(r.careLeaver()).isEqualTo(characteristics.contains("160"));
            assertThat(r.youngCarer()).isEqualTo(characteristics.contains("140"));
            assertThat(r.yjsSupervisedFrom() != null).isEqualTo(characteristics.contains("170"));
        }
    }

    @Test
    void insertsIntoATableItCreatesInPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Connection c = pg.getPostgresDatabase().getConnection()) {
            assertThat(rows.insertInto(c, "cs_view")).isEqualTo(PEOPLE.size());
            assertThat(rows.insertInto(c, "cs_view")).as("an existing table is kept").isEqualTo(PEOPLE.size());
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select count(*), count(upn), count(*) filter (where care_leaver),"
                        + " max(updated_at) from cs_view")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2 * PEOPLE.size());
                    assertThat(rs.getInt(2)).isEqualTo(2 * (int) rows.rows().stream().filter(r -> r.upn() != null).count());
                    assertThat(rs.getInt(3)).isEqualTo(2 * (int) rows.rows().stream().filter(ChildrensServicesRows.Row::careLeaver).count());
                    assertThat(rs.getObject(4, OffsetDateTime.class)).isBeforeOrEqualTo(AS_AT.atStartOfDay().atOffset(ZoneOffset.UTC));
                }
                try (ResultSet rs = s.executeQuery("select column_name, data_type from information_schema.columns"
                        + " where table_name = 'cs_view' order by ordinal_position")) {
                    int i = 0;
                    while (rs.next()) {
                        assertThat(rs.getString(1)).isEqualTo(ChildrensServicesRows.COLUMNS.get(i++));
                        assertThat(rs.getString(2)).isIn("text", "date", "boolean", "timestamp with time zone");
                    }
                    assertThat(i).isEqualTo(ChildrensServicesRows.COLUMNS.size());
                }
                ChildrensServicesRows.Row first = rows.rows().get(0);
                try (ResultSet rs = s.executeQuery("select dob, forename from cs_view where person_ref = '" + first.personRef() + "' limit 1")) {
                    rs.next();
                    assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(first.dob());
                    assertThat(rs.getString(2)).isEqualTo(first.forename());
                }
            }
        }
    }

    @Test
    void refusesATableNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> rows.insertInto(null, "cs; drop table x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameSeedGivesTheSameRows() {
        assertThat(ChildrensServicesRows.of(PEOPLE, NameVariants.unchanged(), AS_AT, 3).rows()).isEqualTo(rows.rows());
    }
}
