package org.pathwayshub.demo;

import java.time.LocalDate;

/**
 * A generated pupil: never a real person. What a school census holds, plus the pupil's underlying
 * attendance rate and suspension risk that the attendance file is drawn from.
 */
public record Pupil(String upn, String forename, String middleNames, String surname, LocalDate dob, String gender,
                    String postcode, String laEstab, int ncYear, boolean fsm, char senProvision, String firstLanguage,
                    double attendanceRate, double monthlySuspensionChance) {
}
