package org.pathwayshub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pathwayshub.contact.SelfReferrals;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public self-referral form: a young person asks the LA for help, agreeing to the consent wording shown. No
 * sign-in; a limited number an hour. What they typed is shown back only to them, on the form, to put right.
 */
@Controller
@ConditionalOnWebApplication
public class SelfReferralPages {

    private final SelfReferrals selfReferrals;

    public SelfReferralPages(SelfReferrals selfReferrals) {
        this.selfReferrals = selfReferrals;
    }

    @GetMapping("/self-referral")
    public String form(Model model) {
        model.addAttribute("terms", selfReferrals.terms());
        return "self-referral";
    }

    @PostMapping("/self-referral")
    public String submit(@RequestParam(required = false) String givenName, @RequestParam(required = false) String familyName,
                         @RequestParam(required = false) String dob, @RequestParam(required = false) String postcode,
                         @RequestParam(required = false) String contact, @RequestParam(required = false) String message,
                         @RequestParam(required = false) Boolean consent, @RequestParam(required = false) String consentVersion,
                         HttpServletRequest request, HttpServletResponse response, Model model) {
        SelfReferrals.Request r = new SelfReferrals.Request(givenName, familyName, dob, postcode, contact, message, consent,
                consentVersion);
        model.addAttribute("terms", selfReferrals.terms());
        try {
            model.addAttribute("reference", selfReferrals.submit(r, request.getRemoteAddr()).reference());
        } catch (SelfReferrals.NotTaken e) {
            response.setStatus(e.retryAfterSeconds() > 0 ? 429 : 400);
            if (e.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            model.addAttribute("problems", e.problems());
            model.addAttribute("sent", r);
        }
        return "self-referral";
    }
}
