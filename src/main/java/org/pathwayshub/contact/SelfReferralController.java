package org.pathwayshub.contact;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Self-referrals over HTTP, for the LA's own website or app: no sign-in, limited an hour (docs/contact-queue.md). */
@RestController
@RequestMapping("/api/self-referrals")
@Tag(name = "Self-referrals", description = "A young person asking the LA for help themselves: no sign-in, a limited "
        + "number an hour, consent to the current wording required. Each becomes a referral to the LA tracking team and "
        + "puts the young person on the not-known queue.")
public class SelfReferralController {

    private final SelfReferrals selfReferrals;

    public SelfReferralController(SelfReferrals selfReferrals) {
        this.selfReferrals = selfReferrals;
    }

    @GetMapping("/consent")
    @Operation(summary = "The consent wording a self-referral must agree to",
            description = "version and wording (mappings/contact/self-referral.yaml): show the wording, and send its version "
                    + "as consentVersion with consent true.")
    public Map<String, String> consent() {
        return Map.of("version", selfReferrals.terms().consentVersion(), "wording", selfReferrals.terms().consentWording());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Ask the LA for help",
            description = "givenName, familyName, dob (yyyy-MM-dd, aged 13 to 25), contact (a phone number or email "
                    + "address), postcode and message (optional), consent true and consentVersion (GET "
                    + "/api/self-referrals/consent). 202 with a reference; 400 with each problem (field: what is "
                    + "expected); 429 with Retry-After when too many came from the same address (or from everyone) in "
                    + "the last hour. Nothing sent is echoed back.")
    public ResponseEntity<SelfReferrals.Taken> submit(@RequestBody SelfReferrals.Request body, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(selfReferrals.submit(body, request.getRemoteAddr()));
    }

    @ExceptionHandler(SelfReferrals.NotTaken.class)
    public ResponseEntity<Map<String, Object>> notTaken(SelfReferrals.NotTaken e) {
        if (e.retryAfterSeconds() > 0) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                    .body(Map.of("error", e.getMessage()));
        }
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "problems", e.problems()));
    }
}
