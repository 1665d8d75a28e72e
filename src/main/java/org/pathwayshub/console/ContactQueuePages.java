package org.pathwayshub.console;

import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.pathwayshub.access.AccessAudit;
import org.pathwayshub.contact.ContactAttempts;
import org.pathwayshub.contact.NotKnownQueue;
import org.pathwayshub.contact.QueueReason;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The not-known queue as a tracking worker works it: highest priority first, why each young person is on it and
 * what makes up their priority, a form to assign each and one to record a contact attempt. The young people a page
 * shows are recorded in the access audit.
 */
@Controller
@ConditionalOnWebApplication
public class ContactQueuePages {

    private static final int PAGE = 50;

    private final NotKnownQueue queue;
    private final ContactAttempts attempts;
    private final AccessAudit audit;

    public ContactQueuePages(NotKnownQueue queue, ContactAttempts attempts, AccessAudit audit) {
        this.queue = queue;
        this.attempts = attempts;
        this.audit = audit;
    }

    @GetMapping("/contact-queue")
    public String list(@RequestParam(required = false) String reason, @RequestParam(required = false) String team,
                       @RequestParam(required = false) String assignee, @RequestParam(defaultValue = "0") int page,
                       Model model) {
        QueueReason wanted = null;
        try {
            wanted = reason == null || reason.isBlank() ? null : QueueReason.valueOf(reason.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // the page shows every reason rather than an error
        }
        QueueReason r = wanted;
        String t = team == null || team.isBlank() ? null : team;
        String a = assignee == null || assignee.isBlank() ? null : assignee;
        List<NotKnownQueue.Entry> matching = queue.entries(LocalDate.now(), r, t, a);
        int p = Math.max(0, page);
        int from = Math.min(p * PAGE, matching.size());
        List<NotKnownQueue.Entry> entries = matching.subList(from, Math.min(from + PAGE, matching.size()));
        audit.readYoungPeople(entries.stream().map(NotKnownQueue.Entry::hubId).toList(), "not-known queue page");
        model.addAttribute("entries", entries);
        model.addAttribute("total", matching.size());
        model.addAttribute("page", p);
        model.addAttribute("pages", Math.max(1, (matching.size() + PAGE - 1) / PAGE));
        model.addAttribute("reason", r == null ? "" : r.name());
        model.addAttribute("reasons", QueueReason.values());
        model.addAttribute("outcomes", ContactAttempts.Outcome.values());
        model.addAttribute("team", t);
        model.addAttribute("assignee", a);
        model.addAttribute("today", LocalDate.now());
        return "contact-queue";
    }

    @PostMapping("/contact-queue/{hubId}/assign")
    public String assign(@PathVariable UUID hubId, @RequestParam(required = false) String team,
                         @RequestParam(required = false) String worker, Principal who, RedirectAttributes flash) {
        try {
            attempts.assign(hubId, team, worker, who.getName());
            flash.addFlashAttribute("message", "Assigned.");
        } catch (ContactAttempts.Refused e) {
            flash.addFlashAttribute("message", "Not assigned: " + e.getMessage());
        }
        return "redirect:/contact-queue";
    }

    @PostMapping("/contact-queue/{hubId}/attempts")
    public String attempt(@PathVariable UUID hubId, @RequestParam(required = false) String outcome,
                          @RequestParam(required = false) String activityCode,
                          @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate startDate,
                          @RequestParam(required = false) String newLa, @RequestParam(required = false) String note,
                          Principal who, RedirectAttributes flash) {
        try {
            ContactAttempts.Outcome o;
            try {
                o = outcome == null ? null : ContactAttempts.Outcome.valueOf(outcome);
            } catch (IllegalArgumentException e) {
                o = null;
            }
            ContactAttempts.Attempt made = attempts.record(hubId, new ContactAttempts.AttemptRequest(o, activityCode,
                    startDate, newLa, note), who.getName());
            flash.addFlashAttribute("message", "Contact attempt recorded: " + made.outcome() + (made.outcome()
                    == ContactAttempts.Outcome.NOT_REACHED ? " (still on the queue)." : " (off the queue)."));
        } catch (ContactAttempts.Refused e) {
            flash.addFlashAttribute("message", "Not recorded: " + e.getMessage());
        } catch (IllegalStateException e) {
            flash.addFlashAttribute("message", "Not recorded: " + e.getMessage());
        }
        return "redirect:/contact-queue";
    }
}
