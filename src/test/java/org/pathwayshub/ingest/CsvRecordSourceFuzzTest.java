package org.pathwayshub.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathwayshub.demo.CohortFiles;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.mapping.FeedMapping;

/**
 * The CSV reader, opened as the school-census feed opens it, on any bytes a school might send: it reads them to the end
 * or refuses them with a reason, and never fails otherwise or hangs ({@link FuzzedDelivery}). {@code mvn verify} fuzzes
 * it for 10 seconds, {@code mvn test -Pfuzz} for 10 minutes (pom.xml).
 */
class CsvRecordSourceFuzzTest {

    private static final FeedMapping SCHOOL_CENSUS = FuzzedDelivery.mapping("school-census");

    @MethodSource("censusExtracts")
    @DictionaryEntries({"\"", "\"\"", ",", "\uFEFF", "PK\u0003\u0004", "%PDF", "UPN", "CensusDate"})
    @FuzzTest(maxDuration = "10s")
    void readsAnyCensusExtractToItsEndOrRefusesIt(byte[] delivery) throws Throwable {
        FuzzedDelivery.read(SCHOOL_CENSUS, delivery);
    }

    /** Census extracts of made-up pupils in the shapes MIS exports take: the fuzzer starts from these. */
    static Stream<byte[]> censusExtracts() {
        LocalDate census = LocalDate.of(2026, 10, 1);
        List<String> rows = new ArrayList<>();
        for (Pupil p : SyntheticCohort.demo(3, 11)) {
            rows.add(CohortFiles.censusRow(p, census));
        }
        String crlf = CohortFiles.CENSUS_HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
        // a name quoted for its comma, a value over two lines, blank lines, a row cut short
        String awkward = CohortFiles.CENSUS_HEADER + "\n\n" + rows.get(0).replaceFirst(",[^,]*,", ",\"Smith, Jo\",") + "\n"
                + rows.get(1).replaceFirst(",[^,]*,", ",\"two\nlines\",") + "\n,,,\n" + rows.get(2).substring(0, 20) + "\n";
        String quoteNeverClosed = CohortFiles.CENSUS_HEADER + "\n" + rows.get(0) + "\n" + rows.get(1).replaceFirst(",", ",\"");
        return Stream.of(
                crlf.getBytes(StandardCharsets.UTF_8),
                withPrefix(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, awkward.getBytes(StandardCharsets.UTF_8)),
                withPrefix(new byte[] {(byte) 0xFF, (byte) 0xFE}, crlf.getBytes(StandardCharsets.UTF_16LE)),
                quoteNeverClosed.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withPrefix(byte[] prefix, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
