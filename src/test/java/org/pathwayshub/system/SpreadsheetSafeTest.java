package org.pathwayshub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetSafeTest {

    @Test
    void aValueThatASpreadsheetWouldRunAsAFormulaShowsAsText() {
        assertThat(SpreadsheetSafe.cell("=HYPERLINK(\"http://evil.example\",\"Click\")")).startsWith("'=");
        assertThat(SpreadsheetSafe.cell("+44 7700 900000")).isEqualTo("'+44 7700 900000");
        assertThat(SpreadsheetSafe.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(SpreadsheetSafe.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetSafe.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(SpreadsheetSafe.cell("\rcmd")).isEqualTo("'\rcmd");
    }

    @Test
    void ordinaryValuesAreLeftAlone() {
        assertThat(SpreadsheetSafe.cell("O'Brien")).isEqualTo("O'Brien");
        assertThat(SpreadsheetSafe.cell("2026-12-05")).isEqualTo("2026-12-05");
        assertThat(SpreadsheetSafe.cell("")).isEmpty();
        assertThat(SpreadsheetSafe.cell(null)).isNull();
    }

    @Test
    void aCsvCellIsSafeAndQuotedWhenItMustBe() {
        assertThat(SpreadsheetSafe.csv("=1+1,2")).isEqualTo("\"'=1+1,2\"");
        assertThat(SpreadsheetSafe.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(SpreadsheetSafe.csv(null)).isEmpty();
    }
}
