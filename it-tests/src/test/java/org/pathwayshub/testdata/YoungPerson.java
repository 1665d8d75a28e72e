package org.pathwayshub.testdata;

import java.time.LocalDate;

/**
 * The ground truth about one generated young person (never a real person): who they really are, however
 * a feed spells them. {@code personNo} is the truth id a test scores matching against; no feed carries it.
 *
 * @param upn         Unique Pupil Number, or null (never at an English state school)
 * @param uln         Unique Learner Number, or null
 * @param nino        National Insurance number, or null (none is issued before about 16)
 * @param ypid        NCCIS YoungPersonsID: the 3-digit DatabaseID and a zero-padded 10-digit local id
 * @param laEstab     the school attended in Year 11 (now, for a Year 11 pupil)
 * @param academicAge age on 31 August before the academic year: 15 is Year 11, 16 Year 12, 17 Year 13
 * @param send        special educational needs and disabilities (an EHC plan)
 * @param senSupport  SEN support without a plan; never together with {@code send}
 */
public record YoungPerson(int personNo, String upn, String uln, String nino, String ypid, String givenName,
                          String familyName, LocalDate dob, String gender, String postcode, String laEstab,
                          int academicAge, boolean send, boolean senSupport) {

    public YoungPerson {
        if (send && senSupport) {
            throw new IllegalArgumentException("person " + personNo + ": SEND and SEN support are never both set");
        }
        // every young person a test makes, however spelt, is looked for in the run's logs (LogPrivacyScanIT)
        GeneratedPeople.record(personNo, upn, uln, nino, ypid, givenName, familyName, dob, postcode);
    }

    public boolean inYear11() {
        return academicAge == 15;
    }

    /** The census NC year: academic age less 4, with 18+ in special schools reported as Year 14. */
    public int ncYear() {
        return Math.min(academicAge - 4, 14);
    }

    /** The three-digit LA number of the school. */
    public String laCode() {
        return laEstab.substring(0, 3);
    }

    public YoungPerson withNames(String given, String family) {
        return new YoungPerson(personNo, upn, uln, nino, ypid, given, family, dob, gender, postcode, laEstab,
                academicAge, send, senSupport);
    }

    public YoungPerson withPersonNo(int no) {
        return new YoungPerson(no, upn, uln, nino, ypid, givenName, familyName, dob, gender, postcode, laEstab,
                academicAge, send, senSupport);
    }

    /** The identifiers a feed carries (null for those it leaves out). */
    public YoungPerson withIdentifiers(String upn, String uln, String nino) {
        return new YoungPerson(personNo, upn, uln, nino, ypid, givenName, familyName, dob, gender, postcode, laEstab,
                academicAge, send, senSupport);
    }

    /** A twin of {@code sibling}: this person's own identifiers and given name, the sibling's family, birth and home. */
    public YoungPerson twinOf(YoungPerson sibling) {
        return new YoungPerson(personNo, upn, uln, nino, ypid, givenName, sibling.familyName, sibling.dob, gender,
                sibling.postcode, sibling.laEstab, sibling.academicAge, send, senSupport);
    }
}
