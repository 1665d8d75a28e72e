package org.pathwayshub.nccis;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "NCCIS", description = "The monthly NCCIS return to DfE and its check before sending, the Annual Activity "
        + "Survey, and the same checks on any NCCIS file")
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
    @Operation(summary = "The Annual Activity Survey of a year, as CSV",
            description = "Each Year 11 leaver this LA leads on, with their Year 11 school and their situation on 1 November "
                    + "(activity, group, participating), as far as the hub knows it now. "
                    + "The activity-survey job writes the latest survey to outbox/nccis/.")
    public ResponseEntity<StreamingResponseBody> activitySurvey(
            @Parameter(description = "The survey year, such as 2025") @PathVariable int year) {
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
    @Schema(description = "A check of a month's return: the summary, and one page of the problems it found")
    public record Errors(NccisReturnCheck.Summary summary, List<NccisReturnCheck.Problem> problems) {
    }

    /**
     * {@code GET /api/nccis/returns/{yyyy-MM}/errors}: checks the month's return as it stands now with every Appendix D
     * check and lists each problem with the young person's YoungPersonsID, the DfE number, field, value and what to
     * correct at source. It takes as long as writing the return.
     */
    @GetMapping("/returns/{period}/errors")
    @Operation(summary = "Check a month's NCCIS return before sending it",
            description = "Writes the month's return as it stands now and runs every Appendix D check on it. Answers a "
                    + "summary (records, problems, problems by DfE error number) and a page of the problems: "
                    + "YoungPersonsID, hub id, DfE error number, field, value and what to correct at source. "
                    + "It takes as long as writing the return.")
    public Errors errors(@Parameter(description = "The month as yyyy-MM, such as 2025-01") @PathVariable String period,
                         @Parameter(description = "Problems to skip (0 by default)")
                         @RequestParam(defaultValue = "0") int offset,
                         @Parameter(description = "Problems to list, 1 to 10,000 (1000 by default)")
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
    @Operation(summary = "Check any NCCIS XML file, storing nothing",
            description = "The body is an NCCIS XML file. It gets the nccis-xml feed's field checks and every Appendix D "
                    + "check, and nothing is stored: use it on a CCIS vendor's return before the LA sends it, or on a file "
                    + "a neighbouring LA sent. Counts every problem by DfE error number and lists the first ones with "
                    + "line, YoungPersonsID, field, value and what to correct. A file that is not NCCIS XML, or breaks "
                    + "off, is a 400 naming the line.")
    public NccisReturnCheck.FileCheck checkFile(HttpServletRequest request,
                                                @Parameter(description = "The file's name, given back in the answer "
                                                        + "(file by default)")
                                                @RequestParam(defaultValue = "file") String name,
                                                @Parameter(description = "Problems to list in full, 0 to 10,000 "
                                                        + "(1000 by default); every problem is counted")
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
    @Operation(summary = "A month's NCCIS return as it stands now, as XML",
            description = "The return for the month as the hub would send it now, streamed "
                    + "(docs/nccis.md#the-monthly-return). Young people in the cohort who have no YoungPersonsID are given "
                    + "one, and keep it for later returns. The nccis-return job writes the file that is sent, to "
                    + "outbox/nccis/. A wrong period is a 400.")
    public ResponseEntity<StreamingResponseBody> nccisReturn(
            @Parameter(description = "The month as yyyy-MM, such as 2025-01") @PathVariable String period) {
        LocalDate periodEnd = periodEnd(period);
        StreamingResponseBody body = out -> returns.write(periodEnd, LocalDate.now(clock), out, r -> { });
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"nccis-" + period + ".xml\"")
                .body(body);
    }
}
