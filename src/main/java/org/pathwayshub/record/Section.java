package org.pathwayshub.record;

/** The parts of the common record a partner's record can fill. */
public enum Section {
    /** who the young person is: identifiers, names, date of birth, gender, postcode */
    PERSON,
    /** the school a fact was reported by */
    SCHOOL,
    /** school census: NC year, FSM, SEN provision, first language, as at a census date */
    CENSUS,
    /** attendance, suspensions and exclusions over a period */
    ATTENDANCE,
    /** NCCIS tracking status: cohort status, lead and other LAs, level of need, SEND flags */
    TRACKING,
    /** one NCCIS activity spell: education, employment, training, NEET or not known */
    ACTIVITY,
    /** September Guarantee offers and the Year 11 intended destination */
    GUARANTEE,
    /** a benefit claim reported by Jobcentre Plus */
    CLAIM,
    /** a referral to a named service */
    REFERRAL
}
