package org.pathwayshub.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.pathwayshub.testdata.GeneratedPeople.Person;

/**
 * Looks through log files for the generated people's personal data: a full name (given and family, either way
 * round), a family name of five letters or more on its own, a date of birth (2009-03-14, 14/03/2009, 14-03-2009), a
 * postcode (with or without its space), a UPN, ULN, National Insurance number or YoungPersonsID. Values are matched
 * as whole words through lookups, not substrings, so "Young" in "young people" or a ULN inside a longer number is
 * not a finding.
 *
 * <p>The rule is about the hub's logs: in a test JVM's output the lines of the test side's own loggers (the test
 * classes, the generators and the peers the tests run in place of partners: the SFTP server, mail server and webhook
 * endpoint, whose job is to receive personal data) are left out, with the lines that continue them.
 */
final class LogPrivacyScan {

    enum Kind { FULL_NAME, FAMILY_NAME, DATE_OF_BIRTH, POSTCODE, UPN, ULN, NINO, YPID }

    /** A generated person's value found in a log: where, which kind, the value (synthetic) and whose it is. */
    record Finding(Path file, long line, Kind kind, String value, String person) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + " '" + value + "' of " + person;
        }
    }

    record Result(int people, int files, long bytes, long linesScanned, long linesOfTheTestSide, List<Finding> findings) {
    }

    /** Spring Boot's console line: time, level, pid, ---, [application] [thread] [correlation], logger, ':', message. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}[T ][\\d:.,]+(?:Z|[+-]\\d{2}:?\\d{2})?\\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\d+\\s+---\\s+"
                    + "(?:\\[[^\\]]*]\\s*)+(\\S+)\\s*:\\s?(.*)$");
    /** Logback's own line, before Spring Boot has set its pattern (a test's peers starting): time [thread] level logger -- message. */
    private static final Pattern EARLY_LOG_LINE = Pattern.compile(
            "^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[^\\]]*] (?:TRACE|DEBUG|INFO|WARN|ERROR)\\s+(\\S+) -- ?(.*)$");
    /** Loggers of the test side, as Spring Boot may shorten them (o.p.it.X, o.pathwayshub.testdata.X, ...). */
    private static final Pattern TEST_SIDE_LOGGER = Pattern.compile(
            "^\\.?(?:o(?:rg)?\\.p(?:athwayshub)?\\.(?:it|testdata|benchmark)\\.|c(?:om)?\\.i(?:cegreen)?\\.|"
                    + "o(?:rg)?\\.a(?:pache)?\\.s(?:shd)?\\.|[\\w.]*wiremock|[\\w.]*WireMock|c(?:om)?\\.g(?:ithub)?\\.t(?:omakehurst)?\\.)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}'’-]*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern POSTCODE = Pattern.compile("(?<![A-Za-z0-9])([A-Z]{1,2}\\d[A-Z\\d]?) ?(\\d[A-Z]{2})(?![A-Za-z0-9])");
    private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})-(\\d{2})(?!\\d)");
    private static final Pattern UK_DATE = Pattern.compile("(?<!\\d)(\\d{2})[/-](\\d{2})[/-](\\d{4})(?!\\d)");
    /** Family names that are also words a log line may begin with or a library's name: found only with a given name. */
    private static final Set<String> WORDS_TOO = Set.of("Young", "Green", "White", "Brown", "Jackson", "Turner", "Cooper",
            "Baker", "Walker", "Wright", "Martin", "Thomas", "Scott", "Stewart", "Mitchell", "Campbell", "Bennett", "Moore");

    private final Map<String, String> fullNames = new HashMap<>();
    private final Map<String, String> familyNames = new HashMap<>();
    private final Map<LocalDate, String> birthDates = new HashMap<>();
    private final Map<String, String> postcodes = new HashMap<>();
    private final Map<String, Kind> identifierKinds = new HashMap<>();
    private final Map<String, String> identifiers = new HashMap<>();
    private final int people;

    LogPrivacyScan(List<Person> people) {
        this.people = people.size();
        for (Person p : people) {
            String who = p.kind() + " " + p.id();
            if (!blank(p.given()) && !blank(p.family())) {
                fullNames.putIfAbsent(lower(p.given() + " " + p.family()), who);
                fullNames.putIfAbsent(lower(p.family() + " " + p.given()), who);
            }
            if (!blank(p.family()) && p.family().length() >= 5 && !WORDS_TOO.contains(p.family())
                    && WORD.matcher(p.family()).matches()) {
                familyNames.putIfAbsent(p.family(), who);
            }
            if (p.dob() != null) {
                birthDates.putIfAbsent(p.dob(), who);
            }
            if (!blank(p.postcode())) {
                postcodes.putIfAbsent(p.postcode().replace(" ", "").toUpperCase(Locale.ROOT), who);
            }
            identifier(Kind.UPN, p.upn(), who);
            identifier(Kind.ULN, p.uln(), who);
            identifier(Kind.NINO, p.nino(), who);
            identifier(Kind.YPID, p.ypid(), who);
        }
    }

    Result scan(List<Path> files) throws IOException {
        List<Finding> findings = new ArrayList<>();
        long bytes = 0;
        long scanned = 0;
        long testSide = 0;
        for (Path file : files) {
            bytes += Files.size(file);
            // a log may hold bytes that are not UTF-8 (a hostile file's name, say): read past them, do not stop
            try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
                boolean ofTheTestSide = false;
                long n = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    n++;
                    String text = line;
                    Matcher log = LOG_LINE.matcher(line);
                    if (!log.matches()) {
                        log = EARLY_LOG_LINE.matcher(line);
                    }
                    if (log.matches()) {
                        ofTheTestSide = TEST_SIDE_LOGGER.matcher(log.group(1)).find();
                        text = log.group(2);
                    }
                    if (ofTheTestSide) {
                        testSide++;
                        continue;
                    }
                    scanned++;
                    scanLine(file, n, text, findings);
                }
            }
        }
        return new Result(people, files.size(), bytes, scanned, testSide, findings);
    }

    private void scanLine(Path file, long n, String text, List<Finding> findings) {
        Matcher words = WORD.matcher(text);
        String previous = null;
        while (words.find()) {
            String word = words.group();
            if (previous != null) {
                String whose = fullNames.get(lower(previous + " " + word));
                if (whose != null) {
                    findings.add(new Finding(file, n, Kind.FULL_NAME, previous + " " + word, whose));
                }
            }
            String whose = familyNames.get(word);
            if (whose != null) {
                findings.add(new Finding(file, n, Kind.FAMILY_NAME, word, whose));
            }
            previous = word;
        }
        Matcher tokens = TOKEN.matcher(text);
        while (tokens.find()) {
            String whose = identifiers.get(tokens.group());
            if (whose != null) {
                findings.add(new Finding(file, n, identifierKinds.get(tokens.group()), tokens.group(), whose));
            }
        }
        Matcher postcode = POSTCODE.matcher(text);
        while (postcode.find()) {
            String whose = postcodes.get(postcode.group(1) + postcode.group(2));
            if (whose != null) {
                findings.add(new Finding(file, n, Kind.POSTCODE, postcode.group(), whose));
            }
        }
        date(file, n, ISO_DATE.matcher(text), 1, 2, 3, findings);
        date(file, n, UK_DATE.matcher(text), 3, 2, 1, findings);
    }

    private void date(Path file, long n, Matcher m, int year, int month, int day, List<Finding> findings) {
        while (m.find()) {
            try {
                LocalDate date = LocalDate.of(Integer.parseInt(m.group(year)), Integer.parseInt(m.group(month)),
                        Integer.parseInt(m.group(day)));
                String whose = birthDates.get(date);
                if (whose != null) {
                    findings.add(new Finding(file, n, Kind.DATE_OF_BIRTH, m.group(), whose));
                }
            } catch (DateTimeException notADate) {
                // 31/02/2009 and the like: no one's birthday
            }
        }
    }

    private void identifier(Kind kind, String value, String who) {
        if (!blank(value)) {
            identifiers.putIfAbsent(value, who);
            identifierKinds.putIfAbsent(value, kind);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
