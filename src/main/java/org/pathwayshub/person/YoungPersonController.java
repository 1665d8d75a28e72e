package org.pathwayshub.person;

import java.util.UUID;

import org.pathwayshub.access.AccessAudit;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Looks a young person up by the identifier a partner knows them by: UPN, ULN, NCCIS YoungPersonsID or
 * National Insurance number. Whichever record holds it, the answer is the whole young person.
 */
@RestController
@RequestMapping("/api/young-people")
public class YoungPersonController {

    private final YoungPeople people;
    private final AccessAudit audit;

    public YoungPersonController(YoungPeople people, AccessAudit audit) {
        this.people = people;
        this.audit = audit;
    }

    @GetMapping
    public YoungPersonRecord find(@RequestParam(required = false) String upn, @RequestParam(required = false) String uln,
                                  @RequestParam(required = false) String ypid, @RequestParam(required = false) String nino) {
        String scheme;
        String value;
        if (upn != null) {
            scheme = "UPN";
            value = upn.trim().toUpperCase(java.util.Locale.ROOT);
        } else if (uln != null) {
            scheme = "ULN";
            value = uln.trim();
        } else if (ypid != null) {
            scheme = "YPID";
            value = ypid.trim();
        } else if (nino != null) {
            scheme = "NINO";
            value = nino.replace(" ", "").trim().toUpperCase(java.util.Locale.ROOT);
        } else {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give one of upn, uln, ypid or nino");
        }
        UUID hubId = people.findByIdentifier(scheme, value).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no young person with that " + scheme));
        return read(hubId, "record, found by " + scheme);
    }

    @GetMapping("/{hubId}")
    public YoungPersonRecord get(@PathVariable UUID hubId) {
        return read(hubId, "record");
    }

    /** Every read of a named young person is audited: who, whom, when (GET /api/audit). */
    private YoungPersonRecord read(UUID hubId, String what) {
        YoungPersonRecord record = people.find(hubId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no young person " + hubId));
        audit.readYoungPerson(record.hubId(), what);
        return record;
    }
}
