package org.pathwayshub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.testdata.DwpClaimantsFile;
import org.pathwayshub.testdata.YoungPerson;

/**
 * Partner files that say exactly what an alert scenario needs about generated young people, every date relative to
 * the day the test runs: NCCIS XML records with the current activity and September Guarantee chosen for each person
 * (the layout of {@link org.pathwayshub.testdata.NccisXmlFile}, whose activities are drawn at random), school
 * census rows, attendance periods and DWP claims. The school-year arithmetic the scenarios rest on is here too.
 */
final class ScenarioFeeds {

    private ScenarioFeeds() {
    }

    // ---- the school year

    /** 1 September of the academic year {@code day} is in. */
    static LocalDate academicYearStart(LocalDate day) {
        return LocalDate.of(day.getMonthValue() >= 9 ? day.getYear() : day.getYear() - 1, 9, 1);
    }

    /** Age on 31 August before the academic year {@code day} is in: 15 is Year 11, 16 Year 12. */
    static int academicAge(LocalDate dob, LocalDate day) {
        return Period.between(dob, academicYearStart(day).minusDays(1)).getYears();
    }

    /** A birth date on {@code birthday} of someone in national curriculum year {@code ncYear} on {@code day}. */
    static LocalDate bornInYearGroup(int ncYear, MonthDay birthday, LocalDate day) {
        int academicAge = ncYear + 4;
        int yearStart = academicYearStart(day).getYear();
        return birthday.atYear(birthday.getMonthValue() >= 9 ? yearStart - academicAge - 1 : yearStart - academicAge);
    }

    /**
     * The latest census day on or before {@code day}: the first Thursday in October, the third Thursday in January
     * and in May (docs/roni.md).
     */
    static LocalDate latestCensusDay(LocalDate day) {
        return Stream.of(day.getYear() - 1, day.getYear())
                .flatMap(y -> Stream.of(nthThursday(y, 1, 3), nthThursday(y, 5, 3), nthThursday(y, 10, 1)))
                .filter(d -> !d.isAfter(day))
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    private static LocalDate nthThursday(int year, int month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.THURSDAY));
    }

    // ---- NCCIS XML

    /**
     * The current activity an NCCIS record reports. A NEET start date goes with NEET codes only; currency lapses
     * three months after the last verification for NEET and not-known activities, six months for others, and
     * never after the predicted end.
     */
    record Activity(String code, LocalDate start, LocalDate neetStart, LocalDate verified, LocalDate dueToLapse,
                    LocalDate predictedEnd) {

        /** A NEET activity (619 seeking work or learning, 610 not ready...) that began on {@code start}, verified since. */
        static Activity neet(String code, LocalDate start, LocalDate today) {
            return neet(code, start, start, today);
        }

        /** A NEET activity from {@code start} in a NEET spell that began earlier, on {@code neetSince} (NEETStartDate). */
        static Activity neet(String code, LocalDate start, LocalDate neetSince, LocalDate today) {
            LocalDate verified = max(start, today.minusDays(2));
            return new Activity(code, start, neetSince, verified, verified.plusMonths(3), null);
        }

        /** 810: the young person's situation is not known, from {@code start}. */
        static Activity notKnown(LocalDate start, LocalDate today) {
            LocalDate verified = max(start, today.minusDays(2));
            return new Activity("810", start, null, verified, verified.plusMonths(3), null);
        }

        /** Education or training expected to last a year (230 further education, 310 apprenticeship...). */
        static Activity course(String code, LocalDate start, LocalDate today) {
            LocalDate verified = max(start, today.minusDays(2));
            LocalDate end = max(start.plusYears(1), today.plusMonths(7));
            return new Activity(code, start, null, verified, verified.plusMonths(6), end);
        }

        /** Work (330 employment without training...), last verified on {@code verified}. */
        static Activity work(String code, LocalDate start, LocalDate verified) {
            return new Activity(code, start, null, verified, verified.plusMonths(6), null);
        }
    }

    /** A September Guarantee status for Year 11 or Year 12: 120 records an offer, 140 none (guarantee-status.yaml). */
    record Guarantee(int yearGroup, String status) {
        static Guarantee offerIn(int yearGroup) {
            return new Guarantee(yearGroup, "120");
        }

        static Guarantee noOfferIn(int yearGroup) {
            return new Guarantee(yearGroup, "140");
        }
    }

    /** One YoungPersonsRecord: who, what they are doing now, and their September Guarantee statuses. */
    record Tracked(YoungPerson person, Activity activity, List<Guarantee> guarantees) {
        Tracked(YoungPerson person, Activity activity, Guarantee guarantee) {
            this(person, activity, guarantee == null ? List.of() : List.of(guarantee));
        }
    }

    /**
     * An NCCIS XML file as at {@code periodEnd} from the CCIS whose DatabaseID and LA number are {@code la} (every
     * YoungPersonsID starts with it, as {@link SeparateCohort} makes them).
     */
    static void nccisXml(Path file, String la, LocalDate periodEnd, List<Tracked> records) {
        nccisXml(file, la, periodEnd, records, Map.of());
    }

    /** The same, with the NCCIS characteristic codes (IC01) each young person holds, as LevelOfNeed/Characteristics. */
    static void nccisXml(Path file, String la, LocalDate periodEnd, List<Tracked> records,
                         Map<YoungPerson, List<String>> characteristics) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("NCCIS");
            xml.writeStartElement("FileHeader");
            xml.writeStartElement("Databases");
            element(xml, "DatabaseID", la);
            xml.writeEndElement();
            xml.writeStartElement("SourceLEAs");
            element(xml, "LEACode", la);
            xml.writeEndElement();
            element(xml, "DateOfSend", periodEnd);
            element(xml, "PeriodEnd", periodEnd);
            element(xml, "SupplierName", "Pathways Hub AlertsIT");
            element(xml, "SupplierXMLVersion", "1.0");
            element(xml, "XMLSchemaVersion", "2021-22");
            xml.writeEndElement();
            for (Tracked t : records) {
                record(xml, la, periodEnd, t, characteristics.getOrDefault(t.person(), List.of()));
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void record(XMLStreamWriter xml, String la, LocalDate periodEnd, Tracked t, List<String> characteristics)
            throws XMLStreamException {
        YoungPerson p = t.person();
        Activity a = t.activity();
        xml.writeStartElement("YoungPersonsRecord");
        xml.writeStartElement("PersonalDetails");
        element(xml, "YoungPersonsID", p.ypid());
        element(xml, "CohortStatus", "P");
        element(xml, "GivenName", p.givenName());
        element(xml, "FamilyName", p.familyName());
        element(xml, "AddressLine1", (p.personNo() % 90 + 1) + " Mill Lane");
        element(xml, "Town", "Northmere");
        element(xml, "Postcode", p.postcode());
        element(xml, "Gender", p.gender());
        element(xml, "DOB", p.dob());
        element(xml, "Ethnicity", "WBRI");
        element(xml, "LeadLEA", la);
        element(xml, "UniqueLearnerNo", p.uln());
        element(xml, "UniquePupilNumber", p.upn());
        xml.writeEndElement();
        if (!t.guarantees().isEmpty()) {
            xml.writeStartElement("SeptemberGuarantee");
            for (Guarantee g : t.guarantees()) {
                xml.writeStartElement("Year" + g.yearGroup());
                element(xml, "GuaranteeStatus", g.status());
                element(xml, "LEACode", la);
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeStartElement("LevelOfNeed");
        element(xml, "LevelOfNeedCode", "2");
        element(xml, "SENDFlag", p.send() ? "Y" : "N");
        element(xml, "SENSupportFlag", p.senSupport() ? "Y" : "N");
        if (!characteristics.isEmpty()) {
            xml.writeStartElement("Characteristics");
            for (String code : characteristics) {
                element(xml, "CharacteristicCode", code);
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeStartElement("Activities");
        xml.writeStartElement("Cohort");
        element(xml, "ActivityCode", a.code());
        element(xml, "StartDate", a.start());
        element(xml, "DateAscertained", a.start());
        element(xml, "DateVerified", a.verified());
        element(xml, "DueToLapseDate", a.dueToLapse());
        element(xml, "CurrencyLapsed", a.dueToLapse().isBefore(periodEnd) ? "Y" : "N");
        element(xml, "NEETStartDate", a.neetStart());
        element(xml, "PredictedEndDate", a.predictedEnd());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, Object value) throws XMLStreamException {
        if (value == null) {
            xml.writeEmptyElement(name);
        } else {
            xml.writeStartElement(name);
            xml.writeCharacters(value.toString());
            xml.writeEndElement();
        }
    }

    // ---- school census and attendance

    /** A pupil's school census row: their school, NC year on the census day, FSM, SEN provision and first language. */
    static String censusRow(YoungPerson p, LocalDate censusDay, boolean fsm, char senProvision, String firstLanguage) {
        int ncYear = academicAge(p.dob(), censusDay) - 4;
        return CohortFiles.censusRow(new Pupil(p.upn(), p.givenName(), "", p.familyName(), p.dob(), p.gender(),
                p.postcode(), p.laEstab(), ncYear, fsm, senProvision, firstLanguage, 0, 0), censusDay);
    }

    /** An attendance period: sessions possible (two a school day) and attended, no suspension or exclusion. */
    record AttendancePeriod(LocalDate start, LocalDate end, int possible, int attended) {
    }

    /** Three four-week periods ending yesterday, 40 sessions possible in each, attended as given. */
    static List<AttendancePeriod> lastTwelveWeeks(LocalDate today, int... attended) {
        List<AttendancePeriod> periods = new ArrayList<>();
        for (int i = 0; i < attended.length; i++) {
            LocalDate end = today.minusDays(1 + 28L * (attended.length - 1 - i));
            periods.add(new AttendancePeriod(end.minusDays(27), end, 40, attended[i]));
        }
        return periods;
    }

    static List<String> attendanceRows(YoungPerson p, List<AttendancePeriod> periods) {
        return periods.stream().map(a -> String.join(",", p.upn(), p.laEstab(), a.start().toString(), a.end().toString(),
                Integer.toString(a.possible()), Integer.toString(a.attended()), "0", "0", "")).toList();
    }

    // ---- DWP claims

    /** A new claim as Jobcentre Plus sends it (no UPN): NINO, names, birth date, postcode, claim, consent. */
    static String claimRow(YoungPerson p, LocalDate claimStart, String benefitType, boolean consentToShare) {
        return String.join(",", p.nino(), p.givenName(), p.familyName(), p.dob().toString(), p.postcode(),
                claimStart.toString(), benefitType, "Northmere Jobcentre", "WC" + (10000 + p.personNo() % 90000),
                consentToShare ? "Y" : "N");
    }

    /** A CSV file: the header, then the rows, CRLF line ends as MIS exports have them. */
    static Path csv(Path file, String header, List<String> rows) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        try {
            Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String CENSUS_HEADER = CohortFiles.CENSUS_HEADER;
    static final String ATTENDANCE_HEADER = CohortFiles.ATTENDANCE_HEADER;
    static final String CLAIMS_HEADER = DwpClaimantsFile.HEADER;

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
