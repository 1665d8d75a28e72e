package org.pathwayshub.console;

import java.time.LocalDate;

import org.pathwayshub.intervention.InterventionOutcomes;
import org.pathwayshub.intervention.OutcomeTally;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The intervention outcome report as the data team reads it (docs/interventions.md): per intervention, by school and
 * by characteristic, how many were followed by EET six months on. Counts and rates only; the same as the API's.
 */
@Controller
@ConditionalOnWebApplication
public class InterventionPages {

    private final InterventionOutcomes outcomes;

    public InterventionPages(InterventionOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @GetMapping("/interventions")
    public String outcomes(@RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate from,
                           @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate to,
                           @RequestParam(defaultValue = "6") int months, Model model) {
        LocalDate today = LocalDate.now();
        LocalDate last = to != null ? to : today;
        LocalDate first = from != null && !from.isAfter(last) ? from : last.minusMonths(12);
        // the page shows its defaults rather than an error; the API says what was wrong
        int n = months >= 1 && months <= 36 ? months : 6;
        OutcomeTally.Report report = outcomes.report(first, last, n, today);
        model.addAttribute("report", report);
        return "interventions";
    }
}
