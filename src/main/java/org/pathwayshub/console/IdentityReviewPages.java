package org.pathwayshub.console;

import java.security.Principal;
import java.util.List;
import java.util.Objects;

import org.pathwayshub.identity.IdentityController;
import org.pathwayshub.identity.IdentityMerges;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The data team's identity reviews: each pair of records the matcher was not sure were one young person, side by
 * side with the reasons, to decide (the same person: merged; different people: kept apart); and the merges made,
 * automatic or decided, each of which can be undone.
 */
@Controller
@ConditionalOnWebApplication
public class IdentityReviewPages {

    private final IdentityController identity;

    public IdentityReviewPages(IdentityController identity) {
        this.identity = identity;
    }

    @GetMapping("/identity")
    public String reviews(@RequestParam(defaultValue = "OPEN") String state, Model model) {
        List<IdentityController.Review> reviews = identity.reviews(state, 0, 200);
        model.addAttribute("reviews", reviews);
        model.addAttribute("state", state);
        model.addAttribute("merges", identity.recentMerges(50));
        return "identity";
    }

    @PostMapping("/identity/reviews/{id}")
    public String decide(@PathVariable long id, @RequestParam String decision, @RequestParam(defaultValue = "") String note,
                         Principal who, RedirectAttributes flash) {
        try {
            identity.decide(id, new IdentityController.Decision(decision, note.isBlank() ? null : note.strip()), who);
            flash.addFlashAttribute("message", "Review " + id + ": " + (decision.equals("SAME_PERSON")
                    ? "the same young person; the records are merged." : "different young people; kept apart."));
        } catch (ResponseStatusException | IdentityMerges.CannotMerge e) {
            flash.addFlashAttribute("message", "Review " + id + " was not decided: " + reason(e));
        }
        return "redirect:/identity";
    }

    @PostMapping("/identity/merges/{id}/undo")
    public String undo(@PathVariable long id, Principal who, RedirectAttributes flash) {
        try {
            identity.undo(id, who);
            flash.addFlashAttribute("message", "Merge " + id + " undone: the records are two young people again.");
        } catch (IdentityMerges.CannotMerge | IllegalArgumentException e) {
            flash.addFlashAttribute("message", "Merge " + id + " was not undone: " + e.getMessage());
        }
        return "redirect:/identity";
    }

    private static String reason(Exception e) {
        return e instanceof ResponseStatusException r ? Objects.requireNonNullElse(r.getReason(), r.getMessage()) : e.getMessage();
    }
}
