package org.pathwayshub.person;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Young people", description = "A young person's common record, found by an identifier a partner knows them "
        + "by or by hub id. Every read is recorded in the access audit.")
public class YoungPersonController {

    private final YoungPeople people;
    private final AccessAudit audit;

    public YoungPersonController(YoungPeople people, AccessAudit audit) {
        this.people = people;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Find a young person by UPN, ULN, YoungPersonsID or National Insurance number",
            description = "Give one of upn, uln, ypid or nino; if more than one is given, the first in that order is used. "
                    + "Whichever record holds it, the answer is the whole young person: identity, school census, "
                    + "attendance, activity and its history, characteristics, tracking, September Guarantee, claims, "
                    + "risk, identifiers, merged records and NCCIS errors. The read is recorded in the access audit. "
                    + "None given is a 400; no match is a 404.")
    public YoungPersonRecord find(@Parameter(description = "Unique Pupil Number (any case)")
                                  @RequestParam(required = false) String upn,
                                  @Parameter(description = "Unique Learner Number") @RequestParam(required = false) String uln,
                                  @Parameter(description = "NCCIS YoungPersonsID") @RequestParam(required = false) String ypid,
                                  @Parameter(description = "National Insurance number (any case, spaces allowed)")
                                  @RequestParam(required = false) String nino) {
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
    @Operation(summary = "A young person by hub id",
            description = "The same record as the search answers. The hub id of any of the young person's records finds "
                    + "them, a merged one too. The read is recorded in the access audit. No match is a 404.")
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
