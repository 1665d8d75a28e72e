package org.pathwayshub.demo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.pathwayshub.record.AcademicYear;

/**
 * Last year's Year 11 as their schools reported them in the summer, for the demo's school-destinations file: an
 * intended destination and a September Guarantee status for each of the {@link TrackedCohort}'s Year 12, most with an
 * offer from a named college or training provider. Set beside the CCIS's file, those with an offer and no education,
 * employment or training since are the transition drift report's non-starters. Generated data only.
 */
public final class Year11Destinations {

    public static final String HEADER = "UPN,Forename,Surname,DOB,LAEstab,IntendedDestination,GuaranteeStatus,OfferUKPRN,"
            + "OfferDate";
    /** The demo's colleges and training providers (fictional UKPRNs). */
    public static final List<String> PROVIDERS = List.of("10092501", "10092502", "10092503", "10092504");

    /**
     * What a school reported for one of its Year 11: the status (120 an offer, 140 none), the provider that made the
     * offer (null when none is named) and when, and the intended destination.
     */
    public record Destination(TrackedCohort.Tracked young, String intendedDestination, String status, String offerUkprn,
                              LocalDate offerDate) {

        /** An offer from a named provider: the transition drift report and OFFER_NOT_TAKEN_UP count these. */
        public boolean namedOffer() {
            return offerUkprn != null;
        }
    }

    private Year11Destinations() {
    }

    /**
     * One destination for each of the cohort's Year 12 (academic age 16): 88 in 100 an offer from one of
     * {@link #PROVIDERS}, 4 an offer with no provider named, 8 no offer; offers made February to June of Year 11.
     */
    public static List<Destination> of(TrackedCohort cohort, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LocalDate year11Start = AcademicYear.start(cohort.periodEnd()).minusYears(1);
        List<Destination> out = new ArrayList<>();
        for (TrackedCohort.Tracked t : cohort) {
            if (t.academicAge() != 16) {
                continue;
            }
            double kind = r.nextDouble();
            String intended = kind < 0.6 ? "211" : kind < 0.8 ? "311" : kind < 0.9 ? "321" : "411";
            double offer = r.nextDouble();
            LocalDate offered = year11Start.plusMonths(5).plusDays(r.nextInt(150));
            if (offer < 0.88) {
                out.add(new Destination(t, intended, "120", PROVIDERS.get(r.nextInt(PROVIDERS.size())), offered));
            } else if (offer < 0.92) {
                out.add(new Destination(t, intended, "122", null, offered));
            } else {
                out.add(new Destination(t, intended, "140", null, null));
            }
        }
        return out;
    }

    public static String row(Destination d) {
        Pupil p = d.young().pupil();
        return String.join(",", p.upn(), CohortFiles.csv(p.forename()), CohortFiles.csv(p.surname()), p.dob().toString(),
                p.laEstab(), d.intendedDestination(), d.status(), d.offerUkprn() == null ? "" : d.offerUkprn(),
                d.offerDate() == null ? "" : d.offerDate().toString());
    }

    public static long write(List<Destination> destinations, Path file) {
        return CohortFiles.writeRows(file, HEADER, destinations.stream().map(Year11Destinations::row).toList());
    }
}
