package org.pathwayshub.nccis;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.pathwayshub.ingest.UnreadableFileException;
import org.pathwayshub.mapping.LayoutMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * What the LA sends DfE: {@code GET /api/nccis/returns/{yyyy-MM}}, the NCCIS return for the month as the hub would
 * send it now (streamed; the nccis-return job writes the file that is sent), its check before sending
 * ({@code .../errors}), the Annual Activity Survey ({@code /api/nccis/activity-survey/{year}}), and the same checks on
 * any NCCIS file ({@code POST /api/nccis/check}).
 */
@RestController
@RequestMapping("/api/nccis")
public class NccisReturnController {

    private final NccisReturn returns;
    private final NccisReturnCheck check;
    private final ActivitySurvey survey;
    private final Clock clock = Clock.systemDefaultZone();

    public NccisReturnController(NccisReturn returns, NccisReturnCheck check, ActivitySurvey survey) {
        this.returns = returns;
        this.check = check;
        this.survey = survey;
    }

    /**
     * {@code GET /api/nccis/activity-survey/{year}}: the Annual Activity Survey of that year as CSV, each Year 11 leaver
     * this LA leads on with their situation on 1 November (as far as the hub knows it now).
     */
    @GetMapping("/activity-survey/{year}")
    public ResponseEntity<StreamingResponseBody> activitySurvey(@PathVariable int year) {
        if (year < 2000 || year > 2100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected a survey year such as 2025 (got " + year + ")");
        }
        StreamingResponseBody body = out -> survey.write(year, out);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"activity-survey-" + year + ".csv\"")
                .body(body);
    }

    /** The check's summary and one page of the problems it found. */
    public record Errors(NccisReturnCheck.Summary summary, List<NccisReturnCheck.Problem> problems) {
    }

    /**
     * {@code GET /api/nccis/returns/{yyyy-MM}/errors}: checks the month's return as it stands now with every Appendix D
     * check and lists each problem with the young person's YoungPersonsID, the DfE number, field, value and what to
     * correct at source. It takes as long as writing the return.
     */
    @GetMapping("/returns/{period}/errors")
    public Errors errors(@PathVariable String period, @RequestParam(defaultValue = "0") int offset,
                         @RequestParam(defaultValue = "1000") int limit) {
        LocalDate periodEnd = periodEnd(period);
        NccisReturnCheck.Summary summary = check.check(periodEnd);
        return new Errors(summary, check.problems(periodEnd, Math.max(offset, 0), Math.min(Math.max(limit, 1), 10_000)));
    }

    /**
     * {@code POST /api/nccis/check} with an NCCIS XML file as the body: checks it as the nccis-xml feed would (the field
     * checks of its mapping and every Appendix D check) and stores nothing: a CCIS vendor's return before the LA sends
     * it, or a file a neighbour sent. Counts every problem by DfE number and lists the first {@code limit} (default
     * 1000, at most 10,000) with line, YoungPersonsID, field, value and what to correct. Read as a stream. A file that
     * is not NCCIS XML, or breaks off, is a 400 naming the line.
     */
    @PostMapping(path = "/check", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    public NccisReturnCheck.FileCheck checkFile(HttpServletRequest request, @RequestParam(defaultValue = "file") String name,
                                                @RequestParam(defaultValue = "1000") int limit) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return check.checkFile(name, in, Math.min(Math.max(limit, 0), 10_000));
        } catch (UnreadableFileException | LayoutMismatchException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static LocalDate periodEnd(String period) {
        try {
            return NccisReturn.periodEnd(period);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected " + e.getMessage());
        }
    }

    @GetMapping("/returns/{period}")
    public ResponseEntity<StreamingResponseBody> nccisReturn(@PathVariable String period) {
        LocalDate periodEnd = periodEnd(period);
        StreamingResponseBody body = out -> returns.write(periodEnd, LocalDate.now(clock), out, r -> { });
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"nccis-" + period + ".xml\"")
                .body(body);
    }
}
