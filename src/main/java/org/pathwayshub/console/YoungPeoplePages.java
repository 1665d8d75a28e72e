package org.pathwayshub.console;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import jakarta.servlet.http.HttpServletResponse;
import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.system.SpreadsheetSafe;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The data team's young people pages: find someone by name, date of birth or identifier, or list those of a RONI
 * band, school, year group or activity (RED and AMBER in Year 10 at one school, the NEET 16 to 18 year olds), a
 * page at a time or the whole list as CSV. Every young person shown or exported is in the access audit.
 */
@Controller
@ConditionalOnWebApplication
public class YoungPeoplePages {

    private static final int PAGE_SIZE = 50;
    /** The most rows one export holds. */
    private static final int EXPORT_LIMIT = 100_000;

    private final YoungPeopleList youngPeople;
    private final AccessAudit audit;
    private final CodeList activities;

    public YoungPeoplePages(YoungPeopleList youngPeople, AccessAudit audit, CodeLists codes) {
        this.youngPeople = youngPeople;
        this.audit = audit;
        this.activities = codes.get("activity");
    }

    @GetMapping("/young-people")
    public String youngPeople(@RequestParam(required = false) String q, @RequestParam(required = false) String band,
                              @RequestParam(required = false) String school, @RequestParam(required = false) Integer year,
                              @RequestParam(required = false) String activity, @RequestParam(defaultValue = "0") int page,
                              Model model) {
        if (page < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page: expected 0 or more (got " + page + ")");
        }
        YoungPeopleList.Filter filter = filter(q, band, school, year, activity);
        List<YoungPeopleList.Row> rows = youngPeople.page(filter, page, PAGE_SIZE);
        long total = youngPeople.count(filter);
        audit.readYoungPeople(rows.stream().map(YoungPeopleList.Row::hubId).toList(), "list: " + describe(filter, activity));
        model.addAttribute("rows", rows);
        model.addAttribute("total", total);
        model.addAttribute("page", page);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("q", filter.search());
        model.addAttribute("band", filter.band());
        model.addAttribute("school", filter.school());
        model.addAttribute("year", year);
        model.addAttribute("activity", blankToNull(activity));
        model.addAttribute("schools", youngPeople.schools());
        model.addAttribute("bands", List.of("RED", "AMBER", "GREEN"));
        model.addAttribute("activityGroups", groups());
        model.addAttribute("activityLabels", activities);
        return "young-people";
    }

    /** The same list, every page of it, as CSV for a spreadsheet. */
    @GetMapping("/young-people.csv")
    public void export(@RequestParam(required = false) String q, @RequestParam(required = false) String band,
                       @RequestParam(required = false) String school, @RequestParam(required = false) Integer year,
                       @RequestParam(required = false) String activity, HttpServletResponse response) throws IOException {
        YoungPeopleList.Filter filter = filter(q, band, school, year, activity);
        List<YoungPeopleList.Row> rows = youngPeople.page(filter, 0, EXPORT_LIMIT);
        audit.readYoungPeople(rows.stream().map(YoungPeopleList.Row::hubId).toList(), "export: " + describe(filter, activity));
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"young-people.csv\"");
        CsvSchema schema = CsvSchema.builder().addColumn("hubId").addColumn("familyName").addColumn("givenName")
                .addColumn("dob").addColumn("school").addColumn("yearGroup").addColumn("activity").addColumn("activityLabel")
                .addColumn("riskBand").addColumn("riskScore").build().withHeader();
        List<List<String>> out = new ArrayList<>();
        for (YoungPeopleList.Row r : rows) {
            out.add(List.of(r.hubId().toString(), str(r.familyName()), str(r.givenName()), str(r.dob()), str(r.school()),
                    str(r.yearGroup()), str(r.activity()), r.activity() == null ? "" : str(activities.label(r.activity())),
                    str(r.band()), str(r.score())));
        }
        try (OutputStream stream = response.getOutputStream()) {
            new CsvMapper().writer(schema).writeValues(stream).writeAll(out.stream()
                    .map(r -> r.stream().map(SpreadsheetSafe::cell).toList()).toList()).close();
        }
    }

    private YoungPeopleList.Filter filter(String q, String band, String school, Integer year, String activity) {
        return new YoungPeopleList.Filter(blankToNull(q), blankToNull(band), blankToNull(school), year, activityCodes(activity));
    }

    /** An activity code (540), or a group of the activity code list (neet): the codes to list. */
    private List<String> activityCodes(String activity) {
        String a = blankToNull(activity);
        if (a == null) {
            return null;
        }
        if (activities.accepts(a)) {
            return List.of(a);
        }
        List<String> codes = activities.codes().stream()
                .filter(c -> a.equalsIgnoreCase(String.valueOf(activities.attribute(c, "group")))).sorted().toList();
        if (codes.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "activity: expected an activity code or one of the"
                    + " groups " + groups() + " (got '" + a + "')");
        }
        return codes;
    }

    private List<String> groups() {
        return activities.codes().stream().map(c -> String.valueOf(activities.attribute(c, "group")))
                .filter(g -> !g.equals("null")).distinct().sorted().toList();
    }

    /** What was asked for, for the audit: never the search text, which may be a name. */
    private static String describe(YoungPeopleList.Filter f, String activity) {
        return (f.search() != null ? "search, " : "") + "band " + f.band() + ", school " + f.school() + ", year "
                + f.yearGroup() + ", activity " + blankToNull(activity);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
