package org.pathwayshub.nccis;

import java.time.LocalDate;
import java.util.Locale;

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
public class MeasuresController {

    private final HeadlineMeasures measures;
    private final LocalAuthority la;

    public MeasuresController(HeadlineMeasures measures, LocalAuthority la) {
        this.measures = measures;
        this.la = la;
    }

    @GetMapping
    public HeadlineMeasures.Measures measures(@RequestParam(required = false) Integer academicYear,
                                              @RequestParam(required = false) String la,
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
