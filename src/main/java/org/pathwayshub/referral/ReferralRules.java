package org.pathwayshub.referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pathwayshub.mapping.RecordChecks;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.routing.ServiceDirectory;
import org.springframework.stereotype.Component;

/**
 * Checks {@code referral-rules}: a referral is made to a service the directory knows (else nobody would receive
 * it), and shares a young person's details only on a lawful basis. One that
 * names none but records consent given is taken as consent. Where the basis is consent, the consent must be
 * recorded as given, with when and for what; consent claimed but not given, or a referral that names no basis and
 * records no consent, is refused, saying what to send.
 */
@Component
public class ReferralRules implements RecordChecks {

    static final String CONSENT = "CONSENT";

    private final ServiceDirectory directory;

    public ReferralRules(ServiceDirectory directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "referral-rules";
    }

    @Override
    public Run start(Map<String, String> fileHeader) {
        return this::check;
    }

    private List<RecordIssue> check(CheckedRecord r) {
        List<RecordIssue> out = new ArrayList<>();
        String toService = r.get(CommonField.REFERRAL_TO_SERVICE);
        if (toService != null && directory.find(toService).isEmpty()) {
            out.add(reject(r, CommonField.REFERRAL_TO_SERVICE, toService, "the id of a service in the service directory"
                    + " (mappings/routing/services.yaml), such as " + directory.all().get(0).id() + ": nobody would"
                    + " receive a referral to '" + toService + "'"));
        }
        Boolean given = r.get(CommonField.REFERRAL_CONSENT_GIVEN);
        if (given == null) {
            return out; // consent/given is required: the mapping has refused the record already
        }
        String basis = r.get(CommonField.REFERRAL_LAWFUL_BASIS);
        if (basis == null && r.sent(CommonField.REFERRAL_LAWFUL_BASIS) != null) {
            return out; // not a lawful basis the code list knows: the mapping has said so
        }
        if (basis == null && !given) {
            out.add(reject(r, CommonField.REFERRAL_LAWFUL_BASIS, null, "no consent was given, so the referral must name the"
                    + " lawful basis it is shared on (PUBLIC_TASK, LEGAL_OBLIGATION, VITAL_INTERESTS, ...)"));
            return out;
        }
        if (CONSENT.equals(basis) || basis == null) {
            if (!given) {
                out.add(reject(r, CommonField.REFERRAL_CONSENT_GIVEN, r.sent(CommonField.REFERRAL_CONSENT_GIVEN),
                        "the lawful basis is consent, but consent is not recorded as given: record the consent, or name the"
                                + " basis the referral is shared on"));
            }
            if (r.get(CommonField.REFERRAL_CONSENT_DATE) == null) {
                out.add(reject(r, CommonField.REFERRAL_CONSENT_DATE, r.sent(CommonField.REFERRAL_CONSENT_DATE),
                        "the lawful basis is consent: the date it was given is needed"));
            }
            String scope = r.get(CommonField.REFERRAL_CONSENT_SCOPE);
            if (scope == null || scope.isBlank()) {
                out.add(reject(r, CommonField.REFERRAL_CONSENT_SCOPE, null,
                        "the lawful basis is consent: what it was given for (its scope) is needed"));
            }
        }
        return out;
    }

    private static RecordIssue reject(CheckedRecord r, CommonField field, String value, String reason) {
        return RecordIssue.reject(r.line(), r.element(), r.columns().getOrDefault(field, field.key()), field.key(), value,
                "lawful-basis", reason);
    }
}
