package org.pathwayshub.nccis;

import java.time.Clock;
import java.time.LocalDate;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
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
    private final Clock clock = Clock.systemDefaultZone();

    public NccisReturnController(NccisReturn returns) {
        this.returns = returns;
    }

    @GetMapping("/{period}")
    public ResponseEntity<StreamingResponseBody> nccisReturn(@PathVariable String period) {
        LocalDate periodEnd;
        try {
            periodEnd = NccisReturn.periodEnd(period);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected " + e.getMessage());
        }
        StreamingResponseBody body = out -> returns.write(periodEnd, LocalDate.now(clock), out, r -> { });
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"nccis-" + period + ".xml\"")
                .body(body);
    }
}
