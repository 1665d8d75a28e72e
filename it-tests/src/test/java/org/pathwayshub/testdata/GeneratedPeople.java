package org.pathwayshub.testdata;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.demo.TrackedCohort;

/**
 * Every generated person a test run made, written down so that {@code LogPrivacyScanIT} can look for them in the
 * logs of the whole run: each {@link YoungPerson} as it is made, and each pupil of a {@link SyntheticCohort} a test
 * writes into a feed file itself ({@link #pupils}). One file per JVM, {@code <dir>/<pid>.tsv}, in the folder the
 * system property {@value #DIR_PROPERTY} names (target/generated-people in a Maven build); without it nothing is
 * written (a benchmark's million people, a test started from an IDE). Generated people only: never a real person.
 */
public final class GeneratedPeople {

    public static final String DIR_PROPERTY = "generated.people";
    /** The columns of each file, tab-separated; an empty cell is a value the person has not got. */
    public static final List<String> COLUMNS = List.of("kind", "id", "given", "family", "dob", "postcode", "upn", "uln",
            "nino", "ypid");

    /** One person as written down: what a log must never carry. */
    public record Person(String kind, String id, String given, String family, LocalDate dob, String postcode, String upn,
                         String uln, String nino, String ypid) {

        String line() {
            return String.join("\t", kind, id, cell(given), cell(family), dob == null ? "" : dob.toString(), cell(postcode),
                    cell(upn), cell(uln), cell(nino), cell(ypid));
        }

        static Person parse(String line) {
            String[] c = line.split("\t", -1);
            return new Person(c[0], c[1], c[2], c[3], c[4].isEmpty() ? null : LocalDate.parse(c[4]), c[5], c[6], c[7], c[8], c[9]);
        }

        private static String cell(String value) {
            // a hostile corpus name may hold a tab or line break: those people are found by their other values
            return value == null ? "" : value.replaceAll("[\\t\\r\\n]", " ");
        }
    }

    private static final Set<String> WRITTEN = new HashSet<>();
    private static BufferedWriter out;
    private static boolean off;

    private GeneratedPeople() {
    }

    static void record(int personNo, String upn, String uln, String nino, String ypid, String given, String family,
                       LocalDate dob, String postcode) {
        write(new Person("young-person", Integer.toString(personNo), given, family, dob, postcode, upn, uln, nino, ypid));
    }

    /** A pupil a test put in a file of its own making (a census, an attendance file, an onboarding example). */
    public static Pupil record(Pupil p) {
        write(new Person("pupil", p.upn(), p.forename(), p.surname(), p.dob(), p.postcode(), p.upn(), null, null, null));
        return p;
    }

    /** The cohort, each of its pupils written down first: for a test that writes the cohort's pupils into files. */
    public static SyntheticCohort pupils(SyntheticCohort cohort) {
        if (directory() != null) {
            cohort.forEach(GeneratedPeople::record);
        }
        return cohort;
    }

    /** The tracked cohort (the demo's NCCIS file), each young person written down first with their YoungPersonsID. */
    public static TrackedCohort tracked(TrackedCohort cohort) {
        if (directory() != null) {
            for (TrackedCohort.Tracked t : cohort) {
                Pupil p = t.pupil();
                write(new Person("tracked", t.youngPersonsId(), p.forename(), p.surname(), p.dob(), p.postcode(), p.upn(),
                        null, null, t.youngPersonsId()));
            }
        }
        return cohort;
    }

    /** Everyone written down in {@code dir} by every JVM of the run. */
    public static List<Person> readAll(Path dir) throws IOException {
        List<Person> people = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return people;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        people.add(Person.parse(line));
                    }
                }
            }
        }
        return people;
    }

    private static synchronized void write(Person person) {
        if (off) {
            return;
        }
        String line = person.line();
        if (!WRITTEN.add(line)) {
            return;
        }
        try {
            if (out == null) {
                Path dir = directory();
                if (dir == null) {
                    off = true;
                    WRITTEN.clear();
                    return;
                }
                Files.createDirectories(dir);
                out = Files.newBufferedWriter(dir.resolve(ManagementFactory.getRuntimeMXBean().getPid() + ".tsv"),
                        StandardCharsets.UTF_8);
                // a drill's JVM may end in the middle of a test: what was buffered still reaches the file
                Runtime.getRuntime().addShutdownHook(new Thread(GeneratedPeople::flush, "generated-people-flush"));
            }
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write down a generated person in " + directory(), e);
        }
    }

    private static synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY, "");
        return dir.isBlank() ? null : Path.of(dir);
    }
}
