package org.pathwayshub.school;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.pathwayshub.intervention.Interventions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A school's pupils, their RONI factors and the school's own flags, over HTTP (docs/school-flags.md). */
@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/schools/{laEstab}")
@Tag(name = "School flags", description = "A school's pupils (the young people whose latest school census is from it) "
        + "with their current RONI band, score and factors, and the flags the school adds for them: a code of "
        + "mappings/codes/school-flag.yaml with an end date, which a RONI rule set may give points (kind schoolFlag). A "
        + "partner acts for the schools its services cover (mappings/routing/services.yaml); another school is a 404 "
        + "that says nothing of its pupils. Staff may open every school.")
public class SchoolController {

    private final SchoolScope scope;
    private final SchoolFlags flags;
    private final Interventions interventions;

    public SchoolController(SchoolScope scope, SchoolFlags flags, Interventions interventions) {
        this.scope = scope;
        this.flags = flags;
        this.interventions = interventions;
    }

    @GetMapping("/pupils")
    @Operation(summary = "The school's pupils with their RONI assessment and the school's flags",
            description = "Each pupil: hub id, UPN, name, NC year, current RONI band and score, each factor that fired "
                    + "(indicator, label, points, evidence) and every flag the school added (current or not). Every pupil "
                    + "listed is recorded in the access audit.")
    public List<SchoolFlags.Pupil> pupils(@Parameter(description = "the school's LAEstab, 7 digits") @PathVariable String laEstab,
                                          Authentication who) {
        return flags.pupils(scope.check(who, laEstab));
    }

    @GetMapping("/flags")
    @Operation(summary = "Every flag the school added, current ones first",
            description = "Each flag: id, hub id, code and label, start and end date, who added it and when, and, when "
                    + "ended early, the day and who ended it; current when it holds today.")
    public List<SchoolFlags.Flag> list(@PathVariable String laEstab, Authentication who) {
        return flags.flags(scope.check(who, laEstab));
    }

    @PostMapping(path = "/flags", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Flag a pupil of the school",
            description = "hubId (a pupil of this school), code (mappings/codes/school-flag.yaml) and endDate (from today "
                    + "to the code's maxDays ahead). The flag holds from today; the pupil is assessed again, so a rule set "
                    + "that gives the code points moves their score and band and may raise RISK_RAISED. A young person "
                    + "who is not the school's pupil is a 404 and nothing is stored; a bad code or date a 400 naming it.")
    public SchoolFlags.Flag add(@PathVariable String laEstab, @RequestBody SchoolFlags.FlagRequest body, Authentication who) {
        return flags.add(scope.check(who, laEstab), body, who.getName());
    }

    @PostMapping("/flags/{id}/end")
    @Operation(summary = "End one of the school's flags today",
            description = "The flag is kept, with who ended it and when, and no longer holds from today; the pupil is "
                    + "assessed again. Another school's flag is a 404; one already ended a 400.")
    public SchoolFlags.Flag end(@PathVariable String laEstab, @PathVariable long id, Authentication who) {
        return flags.end(scope.check(who, laEstab), id, who.getName());
    }

    @ExceptionHandler(SchoolFlags.Refused.class)
    public ResponseEntity<Map<String, Object>> refused(SchoolFlags.Refused e) {
        return ResponseEntity.status(e.status()).body(Map.of("status", e.status().value(), "error", e.getMessage()));
    }

    /** A reason or intervention the school records that is not one: 400 naming the field, the value and what was expected. */
    @ExceptionHandler(Interventions.Refused.class)
    public ResponseEntity<Map<String, Object>> refused(Interventions.Refused e) {
        HttpStatus status = e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(Map.of("status", status.value(), "error", e.getMessage()));
    }

    @PostMapping(path = "/pupils/{hubId}/disengagement-reasons", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a reason a pupil of the school is disengaging",
            description = "As POST /api/young-people/{hubId}/disengagement-reasons (code of "
                    + "mappings/codes/disengagement-reason.yaml, recordedOn), recorded for the signed-in user's organisation "
                    + "(the school's; a service given is not taken), for a pupil of this school only: anyone else is a 404 "
                    + "and nothing is stored.")
    public Interventions.Reason recordReason(@PathVariable String laEstab, @PathVariable UUID hubId,
                                             @RequestBody Interventions.ReasonRequest body, Authentication who) {
        UUID pupil = flags.pupil(scope.check(who, laEstab), hubId);
        // for the school's own organisation: a school does not record in another service's name
        return interventions.recordReason(pupil, body == null ? null
                : new Interventions.ReasonRequest(body.code(), body.recordedOn(), null), who.getName());
    }

    @PostMapping(path = "/pupils/{hubId}/interventions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an intervention the school offered a pupil",
            description = "As POST /api/young-people/{hubId}/interventions (code of mappings/codes/intervention.yaml, "
                    + "offeredOn, takenUp YES/NO/UNKNOWN, the reason it addresses), recorded for the signed-in user's "
                    + "organisation, for a pupil of this school only: anyone else is a 404 and nothing is stored.")
    public Interventions.Intervention recordIntervention(@PathVariable String laEstab, @PathVariable UUID hubId,
                                                         @RequestBody Interventions.InterventionRequest body,
                                                         Authentication who) {
        UUID pupil = flags.pupil(scope.check(who, laEstab), hubId);
        return interventions.recordIntervention(pupil, body == null ? null : new Interventions.InterventionRequest(body.code(),
                body.offeredOn(), body.takenUp(), body.reason(), null), who.getName());
    }

    @GetMapping("/pupils/{hubId}/interventions")
    @Operation(summary = "A pupil's disengagement reasons and the interventions offered them",
            description = "Everything recorded for the pupil, by the school or the LA's teams, newest first. A pupil of "
                    + "this school only. Recorded in the access audit.")
    public Interventions.Record interventionsOf(@PathVariable String laEstab, @PathVariable UUID hubId, Authentication who) {
        return interventions.record(flags.pupil(scope.check(who, laEstab), hubId));
    }
}
