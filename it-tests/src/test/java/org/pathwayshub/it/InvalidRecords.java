package org.pathwayshub.it;

import java.util.ArrayList;
import java.util.List;

import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;

/**
 * Census rows with one known defect each, made from generated pupils, and the rule each must be rejected by.
 */
final class InvalidRecords {

    record Invalid(String row, String rule, String column) {
    }

    private InvalidRecords() {
    }

    /** {@code count} broken census rows, cycling through the defects a data team meets in real extracts. */
    static List<Invalid> census(SyntheticCohort donors, int count) {
        List<Invalid> out = new ArrayList<>();
        int i = 0;
        for (Pupil p : donors) {
            if (out.size() == count) {
                break;
            }
            String[] f = CohortFiles.censusRow(p, donors.censusDate()).split(",", -1);
            Invalid bad = switch (i++ % 9) {
                case 0 -> {
                    f[0] = (f[0].charAt(0) == 'A' ? "B" : "A") + f[0].substring(1);
                    yield new Invalid(String.join(",", f), "upn-check-letter", "UPN");
                }
                case 1 -> {
                    f[0] = "";
                    yield new Invalid(String.join(",", f), "required", "UPN");
                }
                case 2 -> {
                    f[0] = f[0].substring(0, 12);
                    yield new Invalid(String.join(",", f), "upn-length", "UPN");
                }
                case 3 -> {
                    f[4] = "31/02/2011";
                    yield new Invalid(String.join(",", f), "date-format", "DOB");
                }
                case 4 -> {
                    f[3] = "";
                    yield new Invalid(String.join(",", f), "required", "Surname");
                }
                case 5 -> {
                    f[7] = "9994001";
                    yield new Invalid(String.join(",", f), "laestab-la", "LAEstab");
                }
                case 6 -> {
                    f[12] = "next Tuesday";
                    yield new Invalid(String.join(",", f), "date-format", "CensusDate");
                }
                case 7 -> new Invalid(String.join(",", java.util.Arrays.copyOf(f, 9)), "record-shape", null);
                default -> {
                    f[0] = "UN2";
                    yield new Invalid(String.join(",", f), "required", "UPN");
                }
            };
            out.add(bad);
        }
        return out;
    }
}
