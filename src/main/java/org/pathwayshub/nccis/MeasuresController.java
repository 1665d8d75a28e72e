package org.pathwayshub.nccis;

import java.time.LocalDate;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.routing.LocalAuthority;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/measures?academicYear=2026&la=925&by=la|school|characteristic}: the headline NCCIS measures of one
 * academic year (the one starting in September of {@code academicYear}; this one by default) for one lead LA (this
 * LA by default), broken down as asked.
 */
@RestController
@RequestMapping("/api/measures")
@Tag(name = "Measures", description = "The headline NCCIS measures of an academic year: NEET and not known, "
        + "participation, and the September Guarantee")
public class MeasuresController {

    private final HeadlineMeasures measures;
    private final LocalAuthority la;

    public MeasuresController(HeadlineMeasures measures, LocalAuthority la) {
        this.measures = measures;
        this.la = la;
    }

    @GetMapping
    @Operation(summary = "The headline measures of an academic year for a lead LA",
            description = "NEET and not-known rates of 16-17 year olds at each month end, and their December to February "
                    + "average; participation at the end of March; September Guarantee offer rates for Years 11 and 12. "
                    + "Broken down by LA, school or characteristic (docs/nccis.md#headline-measures). "
                    + "A wrong parameter is a 400 saying which and why.")
    public HeadlineMeasures.Measures measures(
            @Parameter(description = "The year the academic year starts in, such as 2025 for 2025/26. "
                    + "The current academic year by default.")
            @RequestParam(required = false) Integer academicYear,
            @Parameter(description = "The lead LA as a three-digit LA number, such as 925. This LA by default.")
            @RequestParam(required = false) String la,
            @Parameter(description = "The breakdown: la (the default), school or characteristic.")
            @RequestParam(defaultValue = "la") String by) {
        int year = academicYear != null ? academicYear : AcademicYear.start(LocalDate.now()).getYear();
        if (year < 2000 || year > 2100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected academicYear as the year it starts, such as 2025");
        }
        String leadLa = la == null || la.isBlank() ? this.la.code() : la.strip();
        if (!leadLa.matches("\\d{3}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected la as a three-digit LA number (got " + leadLa + ")");
        }
        HeadlineMeasures.By breakdown;
        try {
            breakdown = HeadlineMeasures.By.valueOf(by.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected by as la, school or characteristic (got " + by + ")");
        }
        return measures.measure(year, leadLa, breakdown);
    }
}
