package org.pathwayshub.mapping;

/** The parts of the common record a partner's record can fill. */
public enum Section {
    /** who the young person is: identifiers, names, date of birth, gender, postcode */
    PERSON,
    /** the school a fact was reported by */
    SCHOOL,
    /** school census: NC year, FSM, SEN provision, first language, as at a census date */
    CENSUS,
    /** attendance, suspensions and exclusions over a period */
    ATTENDANCE
}
