package org.pathwayshub.alert;

/** The alerts the hub raises; what each watches for is set in mappings/routing/alert-rules.yaml. */
public enum AlertType {
    NEET_STARTED, NOT_KNOWN, RISK_RAISED, SEPTEMBER_GUARANTEE_MISSING, NEET_18_PLUS, TRANSFER_OUT, REFERRAL_RECEIVED,
    OUTCOME_FOLLOW_UP, SCHOOL_RISK_PROFILE, REFERRAL_UPDATE,
    REFERRAL_OVERDUE, OFFER_NOT_TAKEN_UP, WITHDRAWN, JOB_ENDED
}
