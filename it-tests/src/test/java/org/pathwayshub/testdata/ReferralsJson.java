package org.pathwayshub.testdata;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code referrals} as partners send them (docs/feeds.md): a JSON array file for the file drop, or one referral as a
 * JSON string to POST. The sender's contact is a role or team, never a person's name; some referrals carry no
 * UPN, ULN or NINO, as a youth worker's often do.
 */
public final class ReferralsJson {

    /** Who refers: an organisation and the role or team to reply to. */
    static final String[][] SENDERS = {
            {"NMC", "Northmere College, Fenside Campus", "Student services team"},
            {"JCP", "Northmere Jobcentre", "Work coach team"},
            {"YJS", "Northmere Youth Justice Service", "Youth justice case team"},
            {"SCH", "Northmere School 4001", "Designated safeguarding lead"},
            {"CSC", "Northmere Children's Services", "Leaving care team"},
            {"YTH", "Northmere Youth Service", "Detached youth work team"}};
    /** Services of the integration tests' directory that take referrals (a referral names one by its id). */
    static final String[] SERVICES = {"careers-north", "careers-south", "jcp-northmoor", "la-tracking"};
    static final String[] NEEDS = {"careers guidance", "mental health", "housing", "transport", "confidence",
            "basic skills", "caring responsibilities", "money and benefits"};
    static final String[] TYPES = {"SIGNPOST", "SOFT", "HARD", "WARM_HANDOVER"};
    private static final String[] REASONS = {"Left college course in the first term and not in work",
            "Asked for help finding an apprenticeship", "At risk of becoming NEET after a school move",
            "Claiming Universal Credit and wants training", "Caring at home and missing sessions"};

    /** A referral; {@code lawfulBasis} is left out of the JSON when null (consent given is then the basis). */
    @JsonPropertyOrder({"referralId", "fromOrg", "fromContact", "toService", "person", "reason", "type", "needs",
            "consent", "lawfulBasis", "createdAt"})
    public record Referral(String referralId, String fromOrg, String fromContact, String toService, Person person,
                           String reason, String type, List<String> needs, Consent consent,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String lawfulBasis, String createdAt) {

        /** A referral shared on the consent it records. */
        public Referral(String referralId, String fromOrg, String fromContact, String toService, Person person,
                        String reason, String type, List<String> needs, Consent consent, String createdAt) {
            this(referralId, fromOrg, fromContact, toService, person, reason, type, needs, consent, null, createdAt);
        }
    }

    @JsonPropertyOrder({"upn", "uln", "nino", "givenName", "familyName", "dob", "postcode"})
    public record Person(String upn, String uln, String nino, String givenName, String familyName, String dob,
                         String postcode) {
    }

    @JsonPropertyOrder({"given", "date", "scope"})
    public record Consent(boolean given, String date, String scope) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDate asAt;
    private final long seed;

    public ReferralsJson(LocalDate asAt, long seed) {
        this.asAt = asAt;
        this.seed = seed;
    }

    /** One referral per young person, made in the 30 days before {@code asAt}. */
    public List<Referral> referrals(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant) {
        List<Referral> referrals = new ArrayList<>(people.size());
        for (YoungPerson p : people) {
            referrals.add(referral(p, variant.apply(p)));
        }
        return referrals;
    }

    public Referral referral(YoungPerson truth, YoungPerson sent) {
        SplittableRandom r = Draws.forPerson(seed, truth.personNo(), "referral");
        String[] sender = Draws.pick(r, SENDERS);
        Instant created = asAt.atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(r.nextLong(30L * 24 * 3600));
        boolean identified = r.nextDouble() < 0.85;
        Person person = new Person(identified ? sent.upn() : null, identified ? sent.uln() : null,
                identified ? sent.nino() : null, sent.givenName(), sent.familyName(), sent.dob().toString(), sent.postcode());
        List<String> needs = new ArrayList<>();
        int wanted = 1 + r.nextInt(3);
        while (needs.size() < wanted) {
            String need = Draws.pick(r, NEEDS);
            if (!needs.contains(need)) {
                needs.add(need);
            }
        }
        boolean consented = r.nextDouble() < 0.9;
        LocalDate consentDate = Draws.dayBetween(r, created.atZone(ZoneOffset.UTC).toLocalDate().minusDays(14),
                created.atZone(ZoneOffset.UTC).toLocalDate());
        Consent consent = new Consent(consented, consentDate.toString(),
                consented ? "share with the named service and the LA tracking team" : "none");
        // without consent, a referral is shared on the service's public task
        return new Referral(String.format("%s-%d-%06d", sender[0], asAt.getYear(), truth.personNo()), sender[1],
                sender[2], Draws.pick(r, SERVICES), person, Draws.pick(r, REASONS), Draws.pick(r, TYPES), List.copyOf(needs),
                consent, consented ? null : "PUBLIC_TASK", created.toString());
    }

    /** One referral as the body of a POST. */
    public static String toJson(Referral referral) {
        try {
            return JSON.writeValueAsString(referral);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write referral " + referral.referralId(), e);
        }
    }

    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, List.of());
    }

    /**
     * A JSON array, one referral a line, written a referral at a time.
     *
     * @param extraRaw raw JSON values appended to the array (tests' invalid referrals); counted in the result
     */
    public int write(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, List<String> extraRaw) {
        return AtomicFile.write(file, out -> {
            out.write("[");
            int n = 0;
            for (YoungPerson p : people) {
                out.write(n == 0 ? "\n" : ",\n");
                out.write(toJson(referral(p, variant.apply(p))));
                n++;
            }
            for (String raw : extraRaw) {
                out.write(n == 0 ? "\n" : ",\n");
                out.write(raw);
                n++;
            }
            out.write("\n]\n");
            return n;
        });
    }
}
