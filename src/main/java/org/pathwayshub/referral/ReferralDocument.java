package org.pathwayshub.referral;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON of a referral as {@code POST /api/referrals} takes it (one object, or an array of them), for the API
 * documentation; the hub reads the body through mappings/feeds/referrals.yaml, which is the layout's source of truth.
 */
@Schema(name = "Referral", description = "A referral of a young person to a named service")
public record ReferralDocument(
        @Schema(description = "the sender's own id for the referral; sending it again is a duplicate", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "CN-2026-00042") String referralId,
        @Schema(description = "the organisation referring", requiredMode = Schema.RequiredMode.REQUIRED, example = "Northmoor Academy")
        String fromOrg,
        @Schema(description = "who to contact about it (a role or team, not a personal email)") String fromContact,
        @Schema(description = "the service referred to, as in the service directory", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "careers-north") String toService,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Person person,
        @Schema(description = "why", example = "Not attending since half term") String reason,
        @Schema(description = "referral type, as in mappings/codes/referral-type.yaml", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "CAREERS_GUIDANCE") String type,
        @Schema(description = "what the young person needs") String needs,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Consent consent,
        @Schema(description = "when the sender made it (ISO date-time)", example = "2026-11-03T10:15:00Z") String createdAt) {

    @Schema(name = "ReferralPerson", description = "the young person; at least one identifier helps matching")
    public record Person(@Schema(example = "A925200418000") String upn, @Schema(example = "1234567890") String uln,
                         @Schema(description = "National Insurance number") String nino,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String givenName,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String familyName,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2010-05-17") String dob,
                         @Schema(example = "NM1 2AB") String postcode) {
    }

    @Schema(name = "ReferralConsent")
    public record Consent(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean given,
                          @Schema(example = "2026-11-01") String date,
                          @Schema(description = "what the young person agreed to share") String scope) {
    }
}
