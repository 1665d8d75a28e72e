package org.pathwayshub.person;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The common record of one young person as the API shows it: who they are, what their school reports
 * (latest census and attendance), and the identifiers each partner knows them by.
 */
public record YoungPersonRecord(UUID hubId, String upn, String uln, String ypid, String nino, String givenName,
                                String middleNames, String familyName, LocalDate dob, String gender, String postcode,
                                String laEstab, Integer ncYear, Boolean fsm, String senProvision, Boolean eal,
                                String firstLanguage, Census census, Attendance attendance, List<Identifier> identifiers) {

    /** The latest school census return. */
    public record Census(LocalDate date, String laEstab, Integer ncYear, Boolean fsm, String senProvision,
                         String firstLanguage, String sourceFeed, long runId) {
    }

    /** The latest attendance period, with the percentage of possible sessions attended. */
    public record Attendance(String laEstab, LocalDate periodStart, LocalDate periodEnd, int sessionsPossible,
                             int sessionsAttended, Double percentage, Integer suspensionCount, Integer suspensionSessions,
                             LocalDate permanentExclusionDate) {
    }

    public record Identifier(String scheme, String value, String sourceFeed) {
    }
}
