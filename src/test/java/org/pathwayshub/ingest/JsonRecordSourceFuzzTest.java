package org.pathwayshub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.mapping.FeedMapping;

/**
 * The JSON reader, opened as the referrals feed opens it (a file in its inbox, or the body of POST /api/referrals), on
 * any bytes a partner might send: it reads them to the end or refuses them with a reason, and never fails otherwise or
 * hangs ({@link FuzzedDelivery}). {@code mvn verify} fuzzes it for 10 seconds, {@code mvn test -Pfuzz} for 10 minutes
 * (pom.xml).
 */
class JsonRecordSourceFuzzTest {

    private static final FeedMapping REFERRALS = FuzzedDelivery.mapping("referrals");
    private static final ObjectMapper JSON = new ObjectMapper();

    @MethodSource("referralBatches")
    @DictionaryEntries({"[", "]", "{", "}", "\":", "\"person\":{", "\"consent\":{", "\"needs\":[", "null", "true", "\\u",
            "\uFEFF", "1e999"})
    @FuzzTest(maxDuration = "10s")
    void readsAnyReferralBatchToItsEndOrRefusesIt(byte[] delivery) throws Throwable {
        FuzzedDelivery.read(REFERRALS, delivery);
    }

    /** Referrals of made-up young people in the three layouts the feed takes: the fuzzer starts from these. */
    static Stream<byte[]> referralBatches() {
        List<ObjectNode> referrals = new ArrayList<>();
        for (Pupil p : SyntheticCohort.demo(2, 31)) {
            referrals.add(referral(p, "NM-" + (referrals.size() + 1)));
        }
        String array = referrals.toString();
        String onePerLine = referrals.stream().map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n"));
        String cutShort = array.substring(0, array.length() / 2);
        return Stream.of(
                array.getBytes(StandardCharsets.UTF_8),
                onePerLine.getBytes(StandardCharsets.UTF_8),
                referrals.get(0).toPrettyString().getBytes(StandardCharsets.UTF_16BE),
                cutShort.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode referral(Pupil p, String id) {
        ObjectNode r = JSON.createObjectNode()
                .put("referralId", id)
                .put("fromOrg", "school-" + p.laEstab())
                .put("toService", "careers-north")
                .put("type", "CAREERS_GUIDANCE");
        r.putObject("person")
                .put("upn", p.upn())
                .put("givenName", p.forename())
                .put("familyName", p.surname())
                .put("dob", p.dob().toString())
                .put("postcode", p.postcode());
        r.putArray("needs").add("attendance").add("confidence");
        r.putObject("consent").put("given", true).put("date", "2026-10-02").put("givenBy", "young person");
        return r;
    }
}
