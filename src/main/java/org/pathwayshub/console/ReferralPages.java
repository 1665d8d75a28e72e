package org.pathwayshub.console;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pathwayshub.referral.ReferralReport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The partner report as the data team reads it: for each service referred to, what became of the referrals, as a
 * table and as charts. Counts and rates only.
 */
@Controller
@ConditionalOnWebApplication
public class ReferralPages {

    private static final List<String> OUTCOMES = List.of("EET_STARTED", "STILL_NEET", "MOVED_AWAY", "NOT_ENGAGED", "NOT_SUSTAINED");

    private final ReferralReport report;

    public ReferralPages(ReferralReport report) {
        this.report = report;
    }

    @GetMapping("/referrals")
    public String referrals(@RequestParam(defaultValue = "service") String by,
                            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
                            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to, Model model) {
        ReferralReport.By grouping;
        try {
            grouping = ReferralReport.By.named(by);
        } catch (IllegalArgumentException e) {
            grouping = ReferralReport.By.SERVICE; // the page shows its default rather than an error
        }
        ReferralReport.Report r = report.report(grouping, from, to, null, null);
        model.addAttribute("report", r);
        model.addAttribute("by", grouping.name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("charts", List.of(decisions(r), outcomes(r)));
        return "referrals";
    }

    private static Charts.Chart decisions(ReferralReport.Report r) {
        List<Charts.Bar> bars = r.groups().stream().map(g -> {
            Map<String, Number> parts = new LinkedHashMap<>();
            parts.put("accepted", g.accepted());
            parts.put("declined", g.declined());
            parts.put("not yet decided", g.received() - g.accepted() - g.declined());
            return new Charts.Bar(g.key(), parts);
        }).toList();
        return new Charts.Chart("referral-decisions", "Referrals accepted and declined", "referrals",
                List.of("accepted", "declined", "not yet decided"), bars);
    }

    private static Charts.Chart outcomes(ReferralReport.Report r) {
        List<Charts.Bar> bars = r.groups().stream().map(g -> {
            Map<String, Number> parts = new LinkedHashMap<>();
            OUTCOMES.forEach(o -> parts.put(o, g.outcomes().getOrDefault(o, 0L)));
            return new Charts.Bar(g.key(), parts);
        }).toList();
        return new Charts.Chart("referral-outcomes", "What came of them", "referrals by their latest outcome", OUTCOMES, bars);
    }
}
