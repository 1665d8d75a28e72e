package org.pathwayshub.console;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.pathwayshub.school.SchoolFlags;
import org.pathwayshub.school.SchoolScope;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A school's page as its careers lead uses it: the school's pupils with their RONI band, score and factors beside the
 * flags the school added, a form to flag a pupil and a button to end a flag early. A partner opens only the schools
 * its services cover; the pupils a page shows are recorded in the access audit.
 */
@Controller
@ConditionalOnWebApplication
public class SchoolPages {

    private final SchoolScope scope;
    private final SchoolFlags flags;

    public SchoolPages(SchoolScope scope, SchoolFlags flags) {
        this.scope = scope;
        this.flags = flags;
    }

    /** The schools the user acts for (straight to the one, if only one), or a box to name a school for staff. */
    @GetMapping("/schools")
    public String schools(@RequestParam(required = false) String laEstab, Authentication who, Model model) {
        if (laEstab != null && laEstab.trim().matches("\\d{7}")) {
            return "redirect:/schools/" + laEstab.trim();
        }
        if (laEstab != null && !laEstab.isBlank()) {
            model.addAttribute("refused", "laEstab: a school's LAEstab, seven digits such as 9254000 (got '" + laEstab + "')");
        }
        Set<String> mine = scope.schoolsOf(who);
        if (mine != null && mine.size() == 1) {
            return "redirect:/schools/" + mine.iterator().next();
        }
        model.addAttribute("schools", mine == null ? null : List.copyOf(mine));
        model.addAttribute("school", null);
        return "school";
    }

    @GetMapping("/schools/{laEstab}")
    public String school(@PathVariable String laEstab, Authentication who, Model model, HttpServletResponse response) {
        model.addAttribute("codes", flags.codes().codes().stream().map(c -> new Code(c, flags.codes().label(c),
                flags.codes().maxDays(c))).toList());
        model.addAttribute("today", LocalDate.now());
        try {
            String school = scope.check(who, laEstab);
            model.addAttribute("school", school);
            model.addAttribute("pupils", flags.pupils(school));
        } catch (SchoolFlags.Refused e) {
            response.setStatus(e.status().value());
            model.addAttribute("school", null);
            model.addAttribute("refused", e.getMessage());
        }
        return "school";
    }

    /** A code as the form offers it. */
    public record Code(String code, String label, int maxDays) {
    }

    @PostMapping("/schools/{laEstab}/flags")
    public String add(@PathVariable String laEstab, @RequestParam(required = false) UUID hubId,
                      @RequestParam(required = false) String code,
                      @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate endDate,
                      Authentication who, RedirectAttributes flash) {
        try {
            SchoolFlags.Flag flag = flags.add(scope.check(who, laEstab), new SchoolFlags.FlagRequest(hubId, code, endDate),
                    who.getName());
            flash.addFlashAttribute("message", "Flag " + flag.id() + " added: " + flag.label() + " until " + flag.endDate() + ".");
        } catch (SchoolFlags.Refused e) {
            flash.addFlashAttribute("message", "Not added: " + e.getMessage());
        }
        return "redirect:/schools/{laEstab}";
    }

    @PostMapping("/schools/{laEstab}/flags/{id}/end")
    public String end(@PathVariable String laEstab, @PathVariable long id, Authentication who, RedirectAttributes flash) {
        try {
            SchoolFlags.Flag flag = flags.end(scope.check(who, laEstab), id, who.getName());
            flash.addFlashAttribute("message", "Flag " + flag.id() + " (" + flag.label() + ") ended today.");
        } catch (SchoolFlags.Refused e) {
            flash.addFlashAttribute("message", "Not ended: " + e.getMessage());
        }
        return "redirect:/schools/{laEstab}";
    }
}
