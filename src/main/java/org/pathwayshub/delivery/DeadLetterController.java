package org.pathwayshub.delivery;

import java.security.Principal;
import java.util.List;
import java.util.NoSuchElementException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.system.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/dead-letters} (newest first, paged) and {@code POST /api/dead-letters/{deliveryId}/replay}. */
@RestController
@Tag(name = "Dead letters", description = "Alert deliveries the broker gave up on after its retries, and replaying them")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/dead-letters")
    @Operation(summary = "Dead alert deliveries, newest first",
            description = "Each alert delivery the broker gave up on: the alert and its type, the service and channel, "
                    + "the attempts made and the last error. A page at a time.")
    public List<DeadLetters.DeadLetter> list(@Parameter(description = "The page, from 0")
                                             @RequestParam(defaultValue = "0") int page,
                                             @Parameter(description = "Deliveries a page, 1 to 1000 (100 by default)")
                                             @RequestParam(defaultValue = "100") int size) {
        Paging paging = Paging.of(page, size);
        return deadLetters.list(paging.offset(), paging.size());
    }

    @PostMapping("/api/dead-letters/{deliveryId}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Replay a dead delivery",
            description = "The delivery's own message goes to its channel again. The delivery shows PENDING until it is "
                    + "made. Who replayed it is in the access audit. An unknown delivery is a 404; one that is not DEAD, "
                    + "or whose message is no longer kept, is a 409.")
    public void replay(@PathVariable long deliveryId, Principal who) {
        try {
            deadLetters.replay(deliveryId, who.getName());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (DeadLetters.NotReplayable e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
