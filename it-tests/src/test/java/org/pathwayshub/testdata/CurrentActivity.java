package org.pathwayshub.testdata;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What a young person is doing as at a period end, drawn once from the seed and the person so that NCCIS, the
 * careers provider, the college and the school all tell the same story. The draw keeps the NCCIS rules of
 * docs/nccis.md: Year 11 is at school (110) and nobody older is; NEET codes carry a NEETStartDate on or before the
 * StartDate and others none; education and training carry a PredictedEndDate; 260, 350 and 616 a ReviewDate
 * not after it; 280 and 460 only with SEND; 620, 630 and 650 with characteristics 140, 120 and 180 (650 and 180
 * only for girls); ascertained on or after the start, verified between that and the period end; the currency
 * lapse date not after the predicted end, and CurrencyLapsed Y exactly when it is before the period end.
 *
 * @param establishmentNumber LA code and DfE number (LA code + 9999 for a college without one), or null
 * @param provider            where the young person studies or trains, or null
 * @param year11              the intended destination and September Guarantee, for Year 11 only
 */
public record CurrentActivity(String activityCode, LocalDate startDate, LocalDate dateAscertained, LocalDate dateVerified,
                              LocalDate reviewDate, LocalDate dueToLapseDate, boolean currencyLapsed,
                              String establishmentNumber, Provider provider, LocalDate neetStartDate,
                              LocalDate predictedEndDate, int levelOfNeed, List<String> characteristics,
                              Year11Destination year11) {

    /** @param offer the provider that offered a place (null: no offer yet); OfferDate with it */
    public record Year11Destination(String intendedDestination, String guaranteeStatus, Provider offer, LocalDate offerDate) {
    }

    static final Set<String> NEET = Set.of("540", "610", "615", "616", "619", "620", "630", "640", "650", "660", "670", "680");
    static final String[] INTENDED_DESTINATIONS = {"111", "121", "211", "311", "321", "411", "511", "611"};
    static final String[] GUARANTEE_STATUSES_YEAR_11 = {"110", "120", "122", "123", "124", "140", "150", "151", "153", "154", "159"};
    private static final String[] CHARACTERISTICS = {"110", "120", "130", "140", "150", "160", "170", "190", "200", "210"};

    /** Academic ages 16 and 17: mostly education, some apprenticeships and jobs, a few NEET or not known. */
    private static final Object[][] POST_16 = {{"210", 22}, {"220", 10}, {"230", 27}, {"250", 1}, {"260", 1}, {"270", 1},
            {"280", 1}, {"460", 1}, {"310", 8}, {"410", 4}, {"450", 1}, {"330", 4}, {"340", 2}, {"350", 1}, {"360", 1},
            {"616", 2}, {"619", 6}, {"610", 2}, {"620", 1}, {"630", 1}, {"640", 1}, {"650", 1}, {"810", 1}};
    /** 18 and over, all with SEND: specialist and supported routes weigh more. */
    private static final Object[][] ADULT_SEND = {{"230", 35}, {"280", 15}, {"460", 10}, {"240", 5}, {"310", 5},
            {"330", 5}, {"360", 3}, {"619", 10}, {"610", 5}, {"640", 5}, {"810", 2}};

    public boolean isNeet() {
        return NEET.contains(activityCode);
    }

    /** The young person's activity as at {@code periodEnd}; the same seed and person always give the same one. */
    public static CurrentActivity of(YoungPerson p, LocalDate periodEnd, long seed) {
        SplittableRandom r = Draws.forPerson(seed, p.personNo(), "activity");
        LocalDate yearStart = Draws.academicYearStart(periodEnd);
        LocalDate lateStart = min(yearStart.plusDays(10), periodEnd);
        String code = code(p, r);

        LocalDate start;
        LocalDate neetStart = null;
        LocalDate review = null;
        LocalDate predictedEnd = null;
        LocalDate endOfYear = LocalDate.of(yearStart.getYear() + 1, 7, 31);
        boolean continuing = p.academicAge() >= 17 && r.nextDouble() < 0.7;
        switch (code) {
            case "110" -> {
                start = yearStart.minusYears(4);
                predictedEnd = LocalDate.of(yearStart.getYear() + 1, 6, 30);
            }
            case "210", "220", "230", "250", "270", "280", "460" -> {
                start = continuing ? Draws.dayBetween(r, yearStart.minusYears(1), yearStart.minusYears(1).plusDays(14))
                        : Draws.dayBetween(r, yearStart, min(yearStart.plusDays(14), periodEnd));
                boolean twoYearCourse = !continuing && (code.equals("210") || code.equals("220"));
                predictedEnd = twoYearCourse ? endOfYear.plusYears(1) : endOfYear;
            }
            case "240" -> {
                start = Draws.dayBetween(r, min(yearStart.plusDays(14), periodEnd), min(yearStart.plusDays(30), periodEnd));
                predictedEnd = LocalDate.of(yearStart.getYear() + 3, 6, 30);
            }
            case "260" -> {
                start = Draws.dayBetween(r, lateStart, periodEnd);
                predictedEnd = LocalDate.of(yearStart.getYear() + 1, 8, 31);
                review = start.plusDays(90);
            }
            case "310" -> {
                start = continuing ? Draws.dayBetween(r, yearStart.minusYears(1), yearStart.minusMonths(9))
                        : Draws.dayBetween(r, lateStart, periodEnd);
                predictedEnd = start.plusMonths(18);
            }
            case "410", "450" -> {
                start = Draws.dayBetween(r, lateStart, periodEnd);
                predictedEnd = start.plusMonths(code.equals("410") ? 12 : 6);
            }
            default -> {
                if (NEET.contains(code)) {
                    neetStart = Draws.dayBetween(r, lateStart, periodEnd);
                    start = Draws.dayBetween(r, neetStart, min(neetStart.plusDays(20), periodEnd));
                    if (code.equals("616")) {
                        review = start.plusDays(30 + r.nextInt(31));
                    }
                } else {
                    start = Draws.dayBetween(r, lateStart, periodEnd);
                    if (code.equals("350")) {
                        review = start.plusDays(60);
                    }
                }
            }
        }
        LocalDate from = max(start, yearStart);
        LocalDate ascertained = Draws.dayBetween(r, from, min(from.plusDays(14), periodEnd));
        LocalDate verified = Draws.dayBetween(r, ascertained, periodEnd);
        LocalDate dueToLapse = verified.plusMonths(neetStart != null || code.equals("810") ? 3 : 6);
        if (predictedEnd != null && dueToLapse.isAfter(predictedEnd)) {
            dueToLapse = predictedEnd;
        }
        Provider provider = provider(code, p, r);
        String establishment = switch (code) {
            case "110", "210" -> p.laEstab();
            case "220", "230", "250", "270", "280", "460" -> p.laCode() + "9999";
            default -> null;
        };
        return new CurrentActivity(code, start, ascertained, verified, review, dueToLapse, dueToLapse.isBefore(periodEnd),
                establishment, provider, neetStart, predictedEnd, levelOfNeed(code, p, r), characteristics(code, p, r),
                p.inYear11() ? year11(r, yearStart, periodEnd) : null);
    }

    private static String code(YoungPerson p, SplittableRandom r) {
        if (p.inYear11()) {
            return "110";
        }
        String code = weighted(r, p.academicAge() >= 18 ? ADULT_SEND : POST_16);
        if ((code.equals("280") || code.equals("460")) && !p.send()) {
            return "230";
        }
        if (code.equals("650") && !"F".equals(p.gender())) {
            return "619";
        }
        return code;
    }

    private static String weighted(SplittableRandom r, Object[][] choices) {
        int total = 0;
        for (Object[] c : choices) {
            total += (Integer) c[1];
        }
        int at = r.nextInt(total);
        for (Object[] c : choices) {
            at -= (Integer) c[1];
            if (at < 0) {
                return (String) c[0];
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static Provider provider(String code, YoungPerson p, SplittableRandom r) {
        return switch (code) {
            case "210" -> Provider.schoolSixthForm(p.laEstab());
            case "220" -> Provider.SIXTH_FORM_COLLEGE;
            case "230", "250", "270" -> r.nextBoolean() ? Provider.FE_COLLEGE : Provider.FE_COLLEGE_TOWN;
            case "280" -> Provider.SPECIALIST;
            case "460" -> Provider.FE_COLLEGE;
            case "240" -> Provider.UNIVERSITY;
            case "310" -> Provider.APPRENTICESHIPS;
            case "410", "450" -> Provider.TRAINING;
            default -> null;
        };
    }

    /** 1 intensive, 2 extra, 3 minimum support. */
    private static int levelOfNeed(String code, YoungPerson p, SplittableRandom r) {
        if (NEET.contains(code) || code.equals("810")) {
            return r.nextDouble() < 0.4 ? 1 : 2;
        }
        if (p.send()) {
            return r.nextDouble() < 0.3 ? 1 : 2;
        }
        return r.nextDouble() < 0.85 ? 3 : 2;
    }

    /** Up to two IC01 codes; those the activity needs come first. */
    private static List<String> characteristics(String code, YoungPerson p, SplittableRandom r) {
        List<String> codes = new ArrayList<>(2);
        switch (code) {
            case "620" -> codes.add("140");
            case "630" -> codes.add("120");
            case "650" -> codes.add("180");
            default -> {
            }
        }
        double d = r.nextDouble();
        int wanted = Math.max(codes.size(), d < 0.7 ? 0 : d < 0.9 ? 1 : 2);
        while (codes.size() < wanted) {
            String c = Draws.pick(r, CHARACTERISTICS);
            boolean clash = codes.contains(c)
                    || (c.equals("110") && codes.contains("160")) || (c.equals("160") && codes.contains("110"))
                    || (c.equals("120") && codes.contains("190")) || (c.equals("190") && codes.contains("120"))
                    // a care leaver left care at 16 or over: not yet in Year 11
                    || (c.equals("160") && p.inYear11());
            if (!clash) {
                codes.add(c);
            }
        }
        return List.copyOf(codes);
    }

    private static Year11Destination year11(SplittableRandom r, LocalDate yearStart, LocalDate periodEnd) {
        String intended = Draws.pick(r, INTENDED_DESTINATIONS);
        String guarantee = Draws.pick(r, GUARANTEE_STATUSES_YEAR_11);
        if (r.nextDouble() < 0.6) {
            return new Year11Destination(intended, guarantee, Draws.pick(r, Provider.OFFERING_YEAR_11),
                    Draws.dayBetween(r, yearStart, periodEnd));
        }
        return new Year11Destination(intended, guarantee, null, null);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
