package org.pathwayshub.console;

import java.util.List;

import org.pathwayshub.access.HubUsers;
import org.pathwayshub.access.Roles;
import org.pathwayshub.access.UserController;
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
 * The admin's users page: every user with their roles and whether they are locked out, adding one, disabling or
 * enabling one, unlocking one after failed sign-ins. The same as {@code /api/users}, and audited the same way.
 */
@Controller
@ConditionalOnWebApplication
public class UserPages {

    private final UserController users;
    private final Roles roles;

    public UserPages(UserController users, Roles roles) {
        this.users = users;
        this.roles = roles;
    }

    @GetMapping("/users")
    public String users(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("allRoles", roles.all());
        return "users";
    }

    @PostMapping("/users")
    public String add(@RequestParam String username, @RequestParam String password,
                      @RequestParam(name = "role", required = false) List<String> role,
                      @RequestParam(defaultValue = "") String organisation, RedirectAttributes flash) {
        return act(flash, () -> {
            HubUsers.HubUser u = users.create(new UserController.NewUser(username.strip(), password,
                    role == null ? List.of() : role, organisation.isBlank() ? null : organisation.strip()));
            return "User " + u.username() + " added with " + String.join(", ", u.roles()) + ".";
        });
    }

    @PostMapping("/users/{username}/enabled")
    public String enable(@PathVariable String username, @RequestParam boolean enabled, RedirectAttributes flash) {
        return act(flash, () -> {
            users.update(username, new UserController.UserChange(null, null, enabled, null));
            return "User " + username + (enabled ? " enabled." : " disabled: they can no longer sign in.");
        });
    }

    @PostMapping("/users/{username}/unlock")
    public String unlock(@PathVariable String username, RedirectAttributes flash) {
        return act(flash, () -> {
            users.unlock(username);
            return "User " + username + " unlocked: they can sign in again.";
        });
    }

    private static String act(RedirectAttributes flash, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("message", action.get());
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("message", e.getReason());
        }
        return "redirect:/users";
    }
}
