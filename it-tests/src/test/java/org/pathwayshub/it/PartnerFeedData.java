package org.pathwayshub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.pathwayshub.testdata.YoungPerson;

/**
 * Generated young people and partner files for the partner-feed integration tests, which share one hub: every
 * identifier and reference a generator gives a person (UPN, YoungPersonsID, referral id, social care reference)
 * is made from the test's seed, so no two test classes ever name the same young person. Seeds 8001 to 8040 are
 * these tests' (ProviderActivitySftpIT 8001-8005, EnrolmentsSftpIT 8011-8013, ChildrensServicesSqlIT 8021-8025,
 * ReferralsIT 8031-8034, BrokenFilesIT 8037-8039).
 */
final class PartnerFeedData {

    private PartnerFeedData() {
    }

    /** LA numbers of the cohorts of seeds 8001 onwards, one each (SeparateCohort reserves 877 to 879 for seeds 7001-7003). */
    private static final List<String> LA_OF_SEED = List.of("800", "801", "802", "803", "805", "806", "807", "808", "810",
            "811", "812", "813", "815", "816", "821", "822", "823", "825", "826", "830", "831", "835", "836", "837", "838",
            "839", "840", "841", "845", "846", "850", "851", "852", "855", "856", "857", "860", "861", "865", "866");
    private static final long FIRST_SEED = 8001;

    /**
     * {@code size} young people of a {@link SeparateCohort} in their seed's own LA, numbered {@code seed * 10000 + n}:
     * the generators make referral ids and social care references from that number, which every cohort otherwise
     * starts at 0.
     */
    static List<YoungPerson> youngPeople(int size, long seed) {
        if (seed < FIRST_SEED || seed >= FIRST_SEED + LA_OF_SEED.size()) {
            throw new IllegalArgumentException("seeds " + FIRST_SEED + " to " + (FIRST_SEED + LA_OF_SEED.size() - 1) + " only");
        }
        int base = Math.toIntExact(seed * 10_000);
        return SeparateCohort.of(size, seed, LA_OF_SEED.get(Math.toIntExact(seed - FIRST_SEED))).stream()
                .map(p -> p.withPersonNo(base + p.personNo()))
                .toList();
    }

    /** Puts a file on the partner's SFTP server the way partners should: written under a .tmp name, then renamed. */
    static Path putOnServer(String folder, String name, Path source) {
        try {
            Path dir = HubIntegrationTest.SFTP.folder(folder);
            Path tmp = dir.resolve(name + ".tmp");
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data rows of a CSV file with a header row, column name to value (empty for a blank field). */
    static List<Map<String, String>> readCsv(Path file) {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CSV row: fields joined with commas, quoted where they hold a comma, quote or line break; null as empty. */
    static String csvRow(Object... fields) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            String s = fields[i] == null ? "" : fields[i].toString();
            row.append(s.matches("(?s).*[,\"\r\n].*") ? '"' + s.replace("\"", "\"\"") + '"' : s);
        }
        return row.toString();
    }
}
