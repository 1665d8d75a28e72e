package org.pathwayshub.console;

import java.time.LocalDate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The charts page: where the LA stands and how the hub is doing, at a glance; counts only. */
@Controller
@ConditionalOnWebApplication
public class ChartPages {

    private final Charts charts;

    public ChartPages(Charts charts) {
        this.charts = charts;
    }

    @GetMapping("/charts")
    public String charts(Model model) {
        model.addAttribute("charts", java.util.List.of(charts.neetTrend(LocalDate.now()), charts.bandsBySchool(),
                charts.throughput(), charts.alertsByType()));
        return "charts";
    }
}
