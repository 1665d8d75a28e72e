package org.pathwayshub.delivery;

import java.security.Principal;
import java.util.List;
import java.util.NoSuchElementException;

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
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/dead-letters")
    public List<DeadLetters.DeadLetter> list(@RequestParam(defaultValue = "0") int page,
                                             @RequestParam(defaultValue = "100") int size) {
        Paging paging = Paging.of(page, size);
        return deadLetters.list(paging.offset(), paging.size());
    }

    @PostMapping("/api/dead-letters/{deliveryId}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
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
