package org.pathwayshub.contact;

/** Why a young person is on the not-known queue; the words and points for each are in mappings/contact/priority.yaml. */
public enum QueueReason {
    /** they asked the LA for help themselves (a self-referral) since any contact attempt closed their entry */
    SELF_REFERRED,
    /** their current activity is a not-known code (810, 820, 830, or 150 at compulsory school age) */
    NOT_KNOWN,
    /** their current activity's due-to-lapse date passed and nobody has updated it since */
    LAPSED,
    /** they left Year 11 or Year 13 last academic year and no activity is on record for them now */
    LEAVER_NO_ACTIVITY
}
