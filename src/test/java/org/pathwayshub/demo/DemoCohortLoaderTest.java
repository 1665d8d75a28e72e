package org.pathwayshub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The demo's census carries three rows a school got wrong, each with one thing to correct. */
class DemoCohortLoaderTest {

    @Test
    void threeRowsAreBrokenEachInOneRequiredColumn() {
        SyntheticCohort cohort = SyntheticCohort.demo(50, 7);
        List<String> rows = DemoCohortLoader.brokenRows(cohort);
        assertThat(rows).hasSize(3);
        List<String> header = List.of(CohortFiles.CENSUS_HEADER.split(","));
        String[] noSurname = rows.get(0).split(",", -1);
        assertThat(noSurname[header.indexOf("Surname")]).isEmpty();
        assertThat(rows.get(1).split(",", -1)[header.indexOf("DOB")]).matches("\\d{4}-13-\\d{2}");
        assertThat(rows.get(2).split(",", -1)[header.indexOf("LAEstab")]).hasSize(5);
        for (String row : rows) {
            assertThat(row.split(",", -1)).hasSize(header.size());
        }
    }
}
