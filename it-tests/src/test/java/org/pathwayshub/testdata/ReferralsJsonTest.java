package org.pathwayshub.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayshub.record.NinoCheck;
import org.pathwayshub.record.UlnCheck;
import org.pathwayshub.record.UpnCheck;

class ReferralsJsonTest {

    private static final LocalDate AS_AT = YoungPersonCohort.AS_AT;
    private static final List<YoungPerson> PEOPLE = YoungPersonCohort.generate(200, 9);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theFileIsAJsonArrayOfReferralsInTheFeedsLayout() throws Exception {
        Path file = dir.resolve("referrals.json");
        int n = new ReferralsJson(AS_AT, 9).write(PEOPLE, NameVariants.unchanged(), file);
        JsonNode array = JSON.readTree(file.toFile());

        assertThat(n).isEqualTo(PEOPLE.size());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(PEOPLE.size());
        UpnCheck upns = FeedFiles.upnCheck();
        Set<String> ids = new HashSet<>();
        Set<String> names = PEOPLE.stream().flatMap(p -> Stream.of(p.givenName(), p.familyName()))
                .collect(Collectors.toSet());
        for (JsonNode r : array) {
            // without consent given, the lawful basis the referral is shared on
            if (r.get("consent").get("given").asBoolean()) {
                assertThat(fieldNames(r)).containsExactly("referralId", "fromOrg", "fromContact", "toService", "person",
                        "reason", "type", "needs", "consent", "createdAt");
            } else {
                assertThat(fieldNames(r)).containsExactly("referralId", "fromOrg", "fromContact", "toService", "person",
                        "reason", "type", "needs", "consent", "lawfulBasis", "createdAt");
                assertThat(r.get("lawfulBasis").asText()).isEqualTo("PUBLIC_TASK");
            }
            assertThat(ids.add(r.get("referralId").asText())).isTrue();
            assertThat(fieldNames(r.get("person"))).containsExactly("upn", "uln", "nino", "givenName", "familyName", "dob", "postcode");
            JsonNode person = r.get("person");
            assertThat(person.get("upn").isNull() || upns.check(person.get("upn").asText()).isValid()).isTrue();
            assertThat(person.get("uln").isNull() || UlnCheck.check(person.get("uln").asText()).isValid()).isTrue();
            assertThat(person.get("nino").isNull() || NinoCheck.check(person.get("nino").asText()).isValid()).isTrue();
            LocalDate.parse(person.get("dob").asText());
            assertThat(r.get("type").asText()).isIn("SIGNPOST", "SOFT", "HARD", "WARM_HANDOVER");
            assertThat(r.get("needs").size()).isBetween(1, 3);
            String contact = r.get("fromContact").asText();
            assertThat(contact).as("a role or team, not a person").matches(".*\\b(team|lead)$");
            assertThat(Arrays.stream(contact.split(" "))).noneMatch(names::contains);
            assertThat(fieldNames(r.get("consent"))).containsExactly("given", "date", "scope");
            assertThat(r.get("consent").get("given").isBoolean()).isTrue();
            Instant created = Instant.parse(r.get("createdAt").asText());
            assertThat(created).isBefore(AS_AT.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(1));
            assertThat(LocalDate.parse(r.get("consent").get("date").asText())).isBeforeOrEqualTo(AS_AT);
        }
        assertThat(array.findValuesAsText("type")).contains("SIGNPOST", "SOFT", "HARD", "WARM_HANDOVER");
    }

    @Test
    void oneReferralIsAJsonStringToPostAndMatchesItsPlaceInTheFile() throws Exception {
        ReferralsJson referrals = new ReferralsJson(AS_AT, 9);
        Path file = dir.resolve("r.json");
        referrals.write(PEOPLE.subList(0, 5), NameVariants.unchanged(), file);
        String body = ReferralsJson.toJson(referrals.referral(PEOPLE.get(2), PEOPLE.get(2)));

        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree(file.toFile()).get(2));
        assertThat(body).doesNotContain("\n");
    }

    @Test
    void extraRawValuesAreAppendedToTheArray() throws Exception {
        Path file = dir.resolve("r.json");
        int n = new ReferralsJson(AS_AT, 9).write(PEOPLE.subList(0, 2), NameVariants.unchanged(), file,
                List.of("{\"referralId\": null, \"type\": \"NUDGE\"}"));
        assertThat(n).isEqualTo(3);
        assertThat(JSON.readTree(file.toFile()).get(2).get("type").asText()).isEqualTo("NUDGE");
        Path empty = dir.resolve("empty.json");
        assertThat(new ReferralsJson(AS_AT, 9).write(List.of(), NameVariants.unchanged(), empty)).isZero();
        assertThat(JSON.readTree(empty.toFile())).isEmpty();
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        new ReferralsJson(AS_AT, 9).write(PEOPLE, NameVariants.unchanged(), a);
        new ReferralsJson(AS_AT, 9).write(PEOPLE, NameVariants.unchanged(), b);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
