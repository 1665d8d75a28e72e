package org.pathwayshub.console;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import jakarta.servlet.http.HttpServletResponse;
import org.pathwayshub.alert.AlertController;
import org.pathwayshub.delivery.DeadLetters;
import org.pathwayshub.delivery.DeliveryOverview;
import org.pathwayshub.feed.FeedController;
import org.pathwayshub.feed.QuarantineDecisions;
import org.pathwayshub.ingest.FeedRun;
import org.pathwayshub.ingest.UnreadableFileException;
import org.pathwayshub.ingest.RecordIssues;
import org.pathwayshub.routes.CamelRoutes;
import org.pathwayshub.system.SpreadsheetSafe;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's pages (server-rendered with Thymeleaf, templates/): every feed and its state; a feed's runs; a run's
 * rejects and warnings, filterable and as CSV; young people by RONI band, school and year group. What each role may
 * open is in mappings/access/roles.yaml, as for the API.
 */
@Controller
@ConditionalOnWebApplication
public class ConsoleController {

    private static final int PAGE_SIZE = 50;
    private static final int ISSUES_SHOWN = 1000;
    /** Form fields of a quarantined record's values: value:&lt;column&gt;. */
    private static final String VALUE = "value:";

    private final FeedController feeds;
    private final RecordIssues issues;
    private final QuarantineDecisions quarantine;
    private final DeadLetters deadLetters;
    private final AlertController alerts;
    private final CamelRoutes routes;
    private final DeliveryOverview deliveries;

    public ConsoleController(FeedController feeds, RecordIssues issues, QuarantineDecisions quarantine,
                             DeadLetters deadLetters, AlertController alerts, CamelRoutes routes, DeliveryOverview deliveries) {
        this.routes = routes;
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.alerts = alerts;
        this.feeds = feeds;
        this.issues = issues;
        this.quarantine = quarantine;
    }

    @GetMapping("/")
    public String home(Model model) {
        model.addAttribute("feeds", feeds.feeds());
        model.addAttribute("deliveries", deliveries.byService());
        model.addAttribute("routes", routes.all());
        return "home";
    }

    @GetMapping("/feeds/{feedId}")
    public String feed(@PathVariable String feedId, Model model) {
        model.addAttribute("feed", feeds.feed(feedId));
        model.addAttribute("runs", feeds.runs(feedId, 50));
        return "feed";
    }

    @GetMapping("/feeds/{feedId}/runs/{runId}")
    public String run(@PathVariable String feedId, @PathVariable long runId, @RequestParam(defaultValue = "") String q,
                      Model model) {
        model.addAttribute("feed", feeds.feed(feedId));
        model.addAttribute("run", feeds.run(feedId, runId));
        model.addAttribute("q", q);
        model.addAttribute("rejects", issues.rejects(runId, 0, ISSUES_SHOWN).stream().filter(r -> matches(q, r.recordKey(),
                r.field(), r.value(), r.reason(), r.column())).toList());
        model.addAttribute("warnings", issues.warnings(runId, 0, ISSUES_SHOWN).stream().filter(w -> matches(q, w.recordKey(),
                w.field(), w.value(), w.reason(), w.column())).toList());
        return "run";
    }

    /** A quarantined record: its values as kept, each editable, what was wrong, and replay or close. */
    @GetMapping("/feeds/{feedId}/quarantine/{id}")
    public String quarantined(@PathVariable String feedId, @PathVariable long id, Model model) {
        QuarantineDecisions.Quarantined q = quarantined(feedId, id);
        model.addAttribute("feed", feeds.feed(feedId));
        model.addAttribute("q", q);
        model.addAttribute("problems", issues.rejects(q.runId(), 0, 100_000).stream().filter(r -> r.quarantineId() == id)
                .findFirst().map(RecordIssues.Reject::problems).orElse(List.of()));
        return "quarantined";
    }

    /** Replays the record with the values of the form ({@code value:<column>}); shows the replay's run. */
    @PostMapping("/feeds/{feedId}/quarantine/{id}/replay")
    public String replay(@PathVariable String feedId, @PathVariable long id, @RequestParam Map<String, String> form,
                         Authentication who, RedirectAttributes flash) throws IOException {
        QuarantineDecisions.Quarantined q = quarantined(feedId, id);
        Map<String, String> corrections = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith(VALUE)) {
                String column = k.substring(VALUE.length());
                if (!Objects.equals(q.values().get(column), v.isEmpty() ? null : v)) {
                    corrections.put(column, v.isEmpty() ? null : v);
                }
            }
        });
        try {
            FeedRun run = quarantine.replay(feedId, id, corrections, who.getName());
            flash.addFlashAttribute("message", run.stored() + run.duplicates() == 1
                    ? "Record " + id + " replayed: stored in run " + run.id() + "."
                    : "Record " + id + " was refused again: run " + run.id() + " says why; it stays open.");
            return "redirect:/feeds/" + feedId + "/runs/" + run.id();
        } catch (QuarantineDecisions.NotPossible | UnreadableFileException e) {
            flash.addFlashAttribute("message", e.getMessage());
            return "redirect:/feeds/" + feedId + "/quarantine/" + id;
        }
    }

    @PostMapping("/feeds/{feedId}/quarantine/{id}/close")
    public String close(@PathVariable String feedId, @PathVariable long id, @RequestParam(defaultValue = "") String reason,
                        Authentication who, RedirectAttributes flash) {
        try {
            QuarantineDecisions.Quarantined q = quarantine.close(feedId, id, reason, who.getName());
            flash.addFlashAttribute("message", "Record " + id + " closed: " + q.closedReason());
            return "redirect:/feeds/" + feedId + "/runs/" + q.runId();
        } catch (QuarantineDecisions.NotPossible e) {
            flash.addFlashAttribute("message", e.getMessage());
            return "redirect:/feeds/" + feedId + "/quarantine/" + id;
        }
    }

    /** Alerts by service, type and delivery state, newest first, 50 a page. */
    @GetMapping("/alerts")
    public String alerts(@RequestParam(required = false) String service, @RequestParam(required = false) String type,
                         @RequestParam(required = false) String state, @RequestParam(defaultValue = "0") int page,
                         Model model) {
        model.addAttribute("alerts", alerts.alerts(blankToNull(service), blankToNull(type), blankToNull(state), null,
                Math.max(page, 0), PAGE_SIZE, "newest"));
        model.addAttribute("service", blankToNull(service));
        model.addAttribute("type", blankToNull(type));
        model.addAttribute("state", blankToNull(state));
        model.addAttribute("page", Math.max(page, 0));
        model.addAttribute("pageSize", PAGE_SIZE);
        model.addAttribute("states", List.of("PENDING", "DELIVERED", "DEAD", "UNSENDABLE", "WITHHELD"));
        return "alerts";
    }

    /** Alert deliveries given up on, newest first, each with a replay button. */
    @GetMapping("/dead-letters")
    public String deadLetters(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("deadLetters", deadLetters.list(Math.max(page, 0) * PAGE_SIZE, PAGE_SIZE));
        model.addAttribute("total", deadLetters.count());
        return "dead-letters";
    }

    @PostMapping("/dead-letters/{deliveryId}/replay")
    public String replayDeadLetter(@PathVariable long deliveryId, Authentication who, RedirectAttributes flash) {
        try {
            deadLetters.replay(deliveryId, who.getName());
            flash.addFlashAttribute("message", "Delivery " + deliveryId + " sent again to its channel.");
        } catch (DeadLetters.NotReplayable | java.util.NoSuchElementException e) {
            flash.addFlashAttribute("message", e.getMessage());
        }
        return "redirect:/dead-letters";
    }

    private QuarantineDecisions.Quarantined quarantined(String feedId, long id) {
        try {
            return quarantine.find(feedId, id);
        } catch (java.util.NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    /** A run's rejects and warnings as CSV, for the data team to work through in a spreadsheet. */
    @GetMapping("/feeds/{feedId}/runs/{runId}/issues.csv")
    public void issuesCsv(@PathVariable String feedId, @PathVariable long runId, HttpServletResponse response)
            throws IOException {
        feeds.run(feedId, runId);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + feedId + "-run-" + runId + "-issues.csv\"");
        List<List<String>> rows = new ArrayList<>();
        for (RecordIssues.Reject r : issues.rejects(runId, 0, 100_000)) {
            rows.add(List.of("reject", str(r.line()), str(r.recordKey()), str(r.column()), str(r.field()), str(r.value()),
                    str(r.dfeError()), str(r.reason()), str(r.state())));
        }
        for (RecordIssues.Warning w : issues.warnings(runId, 0, 100_000)) {
            rows.add(List.of("warning", str(w.line()), str(w.recordKey()), str(w.column()), str(w.field()), str(w.value()),
                    str(w.dfeError()), str(w.reason()), ""));
        }
        CsvSchema schema = CsvSchema.builder().addColumn("kind").addColumn("line").addColumn("recordKey").addColumn("column")
                .addColumn("field").addColumn("value").addColumn("dfeError").addColumn("reason").addColumn("state")
                .build().withHeader();
        try (OutputStream out = response.getOutputStream()) {
            new CsvMapper().writer(schema).writeValues(out).writeAll(rows.stream()
                    .map(r -> r.stream().map(SpreadsheetSafe::cell).toList()).toList()).close();
        }
    }


    private static boolean matches(String q, String... values) {
        if (q == null || q.isBlank()) {
            return true;
        }
        String needle = q.strip().toLowerCase(Locale.ROOT);
        for (String v : values) {
            if (v != null && v.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
