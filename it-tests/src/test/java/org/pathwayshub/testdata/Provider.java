package org.pathwayshub.testdata;

/**
 * A fictional post-16 provider in the fictional county of Northmere (one name carries a comma, as real ones do).
 *
 * @param ukprn 8 digits starting 1
 */
public record Provider(String name, String ukprn) {

    static final Provider SIXTH_FORM_COLLEGE = new Provider("Northmere Sixth Form College", "10090011");
    static final Provider FE_COLLEGE = new Provider("Northmere College, Fenside Campus", "10090022");
    static final Provider FE_COLLEGE_TOWN = new Provider("Northmere College, Town Campus", "10090023");
    static final Provider UNIVERSITY = new Provider("University of Northmere", "10090044");
    static final Provider TRAINING = new Provider("Northmere Training Partnership", "10090055");
    static final Provider APPRENTICESHIPS = new Provider("Fenside Apprenticeships", "10090066");
    static final Provider SPECIALIST = new Provider("Northmere Specialist College", "10090077");

    static final Provider[] OFFERING_YEAR_11 = {SIXTH_FORM_COLLEGE, FE_COLLEGE, FE_COLLEGE_TOWN, TRAINING, APPRENTICESHIPS};

    /** A school's own sixth form: its UKPRN made from its establishment number. */
    static Provider schoolSixthForm(String laEstab) {
        return new Provider("Northmere School " + laEstab.substring(3), "1009" + laEstab.substring(3));
    }
}
