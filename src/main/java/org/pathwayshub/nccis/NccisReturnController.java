package org.pathwayshub.nccis;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/nccis/returns/{yyyy-MM}}: the NCCIS return for the month, as the hub would send it now, streamed.
 * A data team reads it during the month to see what will go; the nccis-return job writes the file that is sent.
 */
@RestController
@RequestMapping("/api/nccis/returns")
public class NccisReturnController {

    private final NccisReturn returns;
    private final NccisReturnCheck check;
    private final Clock clock = Clock.systemDefaultZone();

    public NccisReturnController(NccisReturn returns, NccisReturnCheck check) {
        this.returns = returns;
        this.check = check;
    }

    /** The check's summary and one page of the problems it found. */
    public record Errors(NccisReturnCheck.Summary summary, List<NccisReturnCheck.Problem> problems) {
    }

    /**
     * {@code GET /api/nccis/returns/{yyyy-MM}/errors}: checks the month's return as it stands now with every Appendix D
     * check and lists each problem with the young person's YoungPersonsID, the DfE number, field, value and what to
     * correct at source. It takes as long as writing the return.
     */
    @GetMapping("/{period}/errors")
    public Errors errors(@PathVariable String period, @RequestParam(defaultValue = "0") int offset,
                         @RequestParam(defaultValue = "1000") int limit) {
        LocalDate periodEnd = periodEnd(period);
        NccisReturnCheck.Summary summary = check.check(periodEnd);
        return new Errors(summary, check.problems(periodEnd, Math.max(offset, 0), Math.min(Math.max(limit, 1), 10_000)));
    }

    private static LocalDate periodEnd(String period) {
        try {
            return NccisReturn.periodEnd(period);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected " + e.getMessage());
        }
    }

    @GetMapping("/{period}")
    public ResponseEntity<StreamingResponseBody> nccisReturn(@PathVariable String period) {
        LocalDate periodEnd = periodEnd(period);
        StreamingResponseBody body = out -> returns.write(periodEnd, LocalDate.now(clock), out, r -> { });
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"nccis-" + period + ".xml\"")
                .body(body);
    }
}
