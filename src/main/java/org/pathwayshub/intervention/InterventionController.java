package org.pathwayshub.intervention;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.access.AccessAudit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Disengagement reasons and interventions over HTTP: recorded against a young person, read back, and the outcome
 * report of which interventions were followed by EET N months on (docs/interventions.md).
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Interventions", description = "Coded reasons a young person disengaged and the interventions offered them "
        + "(mappings/codes/disengagement-reason.yaml, intervention.yaml), and the outcome report: of the interventions "
        + "offered in a period, how many were followed by education, employment or training six months on, by school and "
        + "characteristic. Reading or recording a young person's is recorded in the access audit.")
public class InterventionController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final int MOST_MONTHS = 36;

    private final Interventions interventions;
    private final InterventionOutcomes outcomes;
    private final AccessAudit audit;

    public InterventionController(Interventions interventions, InterventionOutcomes outcomes, AccessAudit audit) {
        this.interventions = interventions;
        this.outcomes = outcomes;
        this.audit = audit;
    }

    @PostMapping(path = "/young-people/{hubId}/disengagement-reasons", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a reason a young person disengaged",
            description = "code: a code of mappings/codes/disengagement-reason.yaml; recordedOn: yyyy-MM-dd, today or before "
                    + "(today by default); service: the service id or organisation of mappings/routing/services.yaml it is "
                    + "recorded for (the recording user's organisation by default). No free text. A hub id the hub does not "
                    + "know is a 404; a code or date that is not one a 400 naming the field, the value and what was expected.")
    public Interventions.Reason recordReason(@PathVariable UUID hubId, @RequestBody Interventions.ReasonRequest body,
                                             Authentication who) {
        return interventions.recordReason(hubId, body, who.getName());
    }

    @GetMapping("/young-people/{hubId}/disengagement-reasons")
    @Operation(summary = "The disengagement reasons recorded for a young person, newest first",
            description = "From every person record of the young person. Recorded in the access audit.")
    public List<Interventions.Reason> reasons(@PathVariable UUID hubId) {
        Interventions.Record record = interventions.record(hubId);
        audit.readYoungPerson(record.hubId(), "disengagement reasons");
        return record.disengagementReasons();
    }

    @PostMapping(path = "/young-people/{hubId}/interventions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an intervention offered to a young person",
            description = "code: a code of mappings/codes/intervention.yaml; offeredOn: yyyy-MM-dd, today or before (today by "
                    + "default); takenUp: YES, NO or UNKNOWN (the default); reason: the disengagement reason it addresses, a "
                    + "code of mappings/codes/disengagement-reason.yaml (optional); service: as for a reason. No free text. "
                    + "A hub id the hub does not know is a 404; a code or date that is not one a 400 naming the field, the "
                    + "value and what was expected. Counted in hub_interventions_recorded_total{code}.")
    public Interventions.Intervention recordIntervention(@PathVariable UUID hubId,
                                                         @RequestBody Interventions.InterventionRequest body,
                                                         Authentication who) {
        return interventions.recordIntervention(hubId, body, who.getName());
    }

    @GetMapping("/young-people/{hubId}/interventions")
    @Operation(summary = "A young person's disengagement reasons and interventions, newest first",
            description = "Both lists, from every person record of the young person, each entry with its code and label, "
                    + "the day, who recorded it and for which service. Recorded in the access audit.")
    public Interventions.Record record(@PathVariable UUID hubId) {
        Interventions.Record record = interventions.record(hubId);
        audit.readYoungPerson(record.hubId(), "disengagement reasons and interventions");
        return record;
    }

    @GetMapping("/interventions/outcomes")
    @Operation(summary = "Which interventions were followed by EET N months on, by school and characteristic",
            description = "For the interventions offered from 'from' to 'to': each young person once per intervention code, "
                    + "from their first offer of it in the period, and where they were 'months' after it: EET (an education, "
                    + "employment or training activity going on that day), NEET, or not known (no activity on record for "
                    + "the day, or a not-known one). Those whose months have not yet passed are tooSoon, and out of the "
                    + "eetRate (EET as a percentage of EET, NEET and not known). byIntervention, then bySchool (the school "
                    + "of their latest census) and byCharacteristic (each characteristic held on the day of the offer, so "
                    + "a young person may count under several, or under 'none'). Counts only, no young person is named. "
                    + "CSV with format=csv or Accept: text/csv. A wrong parameter is a 400 naming it.")
    public ResponseEntity<?> outcomes(
            @Parameter(description = "First day of offers counted, yyyy-MM-dd; twelve months before 'to' by default")
            @RequestParam(required = false) String from,
            @Parameter(description = "Last day of offers counted, yyyy-MM-dd; today by default")
            @RequestParam(required = false) String to,
            @Parameter(description = "Months after the offer the situation is judged, 1 to 36; 6 by default")
            @RequestParam(required = false) String months,
            @Parameter(description = "csv for CSV; JSON otherwise") @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        LocalDate today = LocalDate.now();
        LocalDate last = to == null || to.isBlank() ? today : date("to", to);
        LocalDate first = from == null || from.isBlank() ? last.minusMonths(12) : date("from", from);
        if (first.isAfter(last)) {
            throw new Interventions.Refused("from: a day on or before to, " + last + " (got '" + from + "')", false);
        }
        int n = 6;
        if (months != null && !months.isBlank()) {
            try {
                n = Integer.parseInt(months.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MOST_MONTHS) {
                throw new Interventions.Refused("months: a whole number of months from 1 to " + MOST_MONTHS + " (got '"
                        + months + "')", false);
            }
        }
        boolean csv;
        if (format != null && !format.isBlank()) {
            if (!format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
                throw new Interventions.Refused("format: csv or json (got '" + format + "')", false);
            }
            csv = format.equalsIgnoreCase("csv");
        } else {
            csv = accept != null && accept.contains("text/csv");
        }
        OutcomeTally.Report report = outcomes.report(first, last, n, today);
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        }
        StringWriter out = new StringWriter();
        InterventionOutcomes.writeCsv(report, out);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"intervention-outcomes-" + first + "-to-" + last
                        + ".csv\"")
                .body(out.toString());
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new Interventions.Refused(field + ": a date as yyyy-MM-dd (got '" + value + "')", false);
        }
    }

    @ExceptionHandler(Interventions.Refused.class)
    public ResponseEntity<Map<String, String>> refused(Interventions.Refused e) {
        return ResponseEntity.status(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
    }
}
