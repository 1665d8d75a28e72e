package org.pathwayshub.drift;

import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.record.AcademicYear;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/drift?year=2026}: last year's Year 11 offers and who started, by school and by provider (docs/drift.md). */
@RestController
@RequestMapping("/api/drift")
@Tag(name = "Transition drift", description = "Year 11 September Guarantee offers against the post-16 starts that followed")
public class DriftController {

    private final TransitionDrift drift;

    public DriftController(TransitionDrift drift) {
        this.drift = drift;
    }

    @GetMapping
    @Operation(summary = "Offers, starts and non-starters by Year 11 school and by offering provider",
            description = "Last year's Year 11 with a September Guarantee offer from a named provider (OfferUKPRN): how "
                    + "many, how many have an enrolment or other EET activity since 1 August, and the hub ids of those "
                    + "who have not, by the school of their Year 11 census and by the provider. A wrong parameter is a 400.")
    public TransitionDrift.Report drift(
            @Parameter(description = "The year the young people should have started post-16 in, such as 2026 for "
                    + "September 2026 (Year 11 in 2025/26). The current academic year by default.")
            @RequestParam(required = false) Integer year) {
        LocalDate today = LocalDate.now();
        int y = year != null ? year : AcademicYear.start(today).getYear();
        if (y < 2000 || y > 2100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "year: expected the year the academic year starts in, "
                    + "such as 2026 (got " + y + ")");
        }
        return drift.report(y, today);
    }
}
