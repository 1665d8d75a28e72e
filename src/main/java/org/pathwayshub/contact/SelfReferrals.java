package org.pathwayshub.contact;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayshub.ingest.FeedIngestor;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.RecordIssues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A young person asking the LA for help themselves, from the public form or {@code POST /api/self-referrals}. What they
 * give is checked here, with answers a young person can act on, then stored as a referral to the LA tracking team
 * through the referrals feed, the path of every referral: matched to the young person the hub knows (or a new one),
 * the tracking team told, and the young person put on the not-known queue. No sign-in, so a limit on how many are
 * stored an hour (mappings/contact/self-referral.yaml). Nothing they give is logged.
 */
@Component
public class SelfReferrals {

    private static final Logger log = LoggerFactory.getLogger(SelfReferrals.class);
    static final String FEED = "referrals";

    private final SelfReferralTerms terms;
    private final FeedIngestor ingestor;
    private final RecordIssues issues;
    private final ObjectMapper json;
    private final SelfReferralLimit limit;

    public SelfReferrals(SelfReferralTerms terms, FeedIngestor ingestor, RecordIssues issues, ObjectMapper json) {
        this.terms = terms;
        this.ingestor = ingestor;
        this.issues = issues;
        this.json = json;
        this.limit = new SelfReferralLimit(terms.perAddressPerHour(), terms.perHour(), Clock.systemUTC());
    }

    /** What a young person sends: who they are, how to reach them, what they would like, and the consent they agreed to. */
    public record Request(String givenName, String familyName, String dob, String postcode, String contact, String message,
                          Boolean consent, String consentVersion) {
    }

    /** Taken: the reference to quote if they get in touch again. */
    public record Taken(String reference) {
    }

    /** Not taken: what to put right (each "field: what is expected"), or how long to wait. */
    public static final class NotTaken extends RuntimeException {
        private final List<String> problems;
        private final long retryAfterSeconds;

        NotTaken(List<String> problems, long retryAfterSeconds) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public List<String> problems() {
            return problems;
        }

        /** Above zero: too many requests; try again after this many seconds. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    public SelfReferralTerms terms() {
        return terms;
    }

    public Taken submit(Request r, String address) {
        List<String> problems = check(r);
        if (!problems.isEmpty()) {
            throw new NotTaken(problems, 0);
        }
        long wait = limit.take(address == null ? "" : address);
        if (wait > 0) {
            log.info("A self-referral was refused: too many in the last hour");
            throw new NotTaken(List.of("too many requests from here in the last hour: try again in " + (wait / 60 + 1)
                    + " minutes"), wait);
        }
        String reference = "SELF-" + UUID.randomUUID();
        LocalDate today = LocalDate.now();
        Map<String, Object> referral = new LinkedHashMap<>();
        referral.put("referralId", reference);
        referral.put("fromOrg", terms.fromOrg());
        referral.put("fromContact", r.contact().trim());
        referral.put("toService", terms.toService());
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("givenName", r.givenName().trim());
        person.put("familyName", r.familyName().trim());
        person.put("dob", r.dob().trim());
        if (r.postcode() != null && !r.postcode().isBlank()) {
            person.put("postcode", r.postcode().trim());
        }
        referral.put("person", person);
        referral.put("reason", r.message() == null || r.message().isBlank() ? "Asked for help (self-referral)" : r.message().trim());
        referral.put("type", terms.type());
        referral.put("lawfulBasis", "CONSENT");
        referral.put("consent", Map.of("given", true, "date", today.toString(), "scope", terms.consentScope()
                + " (wording " + terms.consentVersion() + ")", "givenBy", "the young person"));
        FeedRun run;
        try {
            run = ingestor.ingestStream(FEED, "self-referral", FEED, "self-referral",
                    new ByteArrayInputStream(json.writeValueAsBytes(referral)), runId -> { });
        } catch (Exception e) {
            log.warn("A self-referral was not stored ({})", e.getClass().getSimpleName());
            throw new IllegalStateException("the self-referral was not stored", e);
        }
        if (run.stored() != 1) {
            // the feed's checks refused it: say which fields, never echoing what was sent
            List<String> why = new ArrayList<>();
            issues.rejects(run.id(), 0, 20).forEach(reject -> reject.problems().forEach(p ->
                    why.add(p.field() + ": " + p.reason())));
            log.info("A self-referral was refused by run {} of {}", run.id(), FEED);
            throw new NotTaken(why.isEmpty() ? List.of("the request could not be stored") : why, 0);
        }
        log.info("A self-referral was stored: run {} of {}", run.id(), FEED);
        return new Taken(reference);
    }

    private List<String> check(Request r) {
        List<String> problems = new ArrayList<>();
        if (r == null) {
            return List.of("givenName, familyName, dob, contact, consent: needed");
        }
        required(problems, "givenName", r.givenName(), 100, "your first name");
        required(problems, "familyName", r.familyName(), 100, "your last name");
        required(problems, "contact", r.contact(), 200, "a phone number or email address we can reach you on");
        if (r.message() != null && r.message().length() > 2000) {
            problems.add("message: at most 2,000 characters");
        }
        if (r.postcode() != null && r.postcode().length() > 10) {
            problems.add("postcode: a UK postcode such as NM1 2AB");
        }
        if (r.dob() == null || r.dob().isBlank()) {
            problems.add("dob: your date of birth, such as 2009-03-15");
        } else {
            try {
                int age = Period.between(LocalDate.parse(r.dob().trim()), LocalDate.now()).getYears();
                if (age < 13 || age > 25) {
                    problems.add("dob: this service is for young people aged 13 to 25");
                }
            } catch (DateTimeParseException e) {
                problems.add("dob: your date of birth as year-month-day, such as 2009-03-15");
            }
        }
        if (!Boolean.TRUE.equals(r.consent())) {
            problems.add("consent: we can only take your request if you agree to the wording on the form");
        } else if (!terms.consentVersion().equals(r.consentVersion())) {
            problems.add("consentVersion: the wording has changed since the form was opened (now version "
                    + terms.consentVersion() + "): read it again and agree");
        }
        return problems;
    }

    private static void required(List<String> problems, String field, String value, int max, String expected) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": " + expected);
        } else if (value.length() > max) {
            problems.add(field + ": at most " + max + " characters");
        } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            problems.add(field + ": " + expected + ", without control characters");
        }
    }
}
