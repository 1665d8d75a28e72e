package org.pathwayshub.console;

import java.util.stream.Collectors;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /}: where a form sign-in lands. Until the console's pages exist it says who is signed in, with which
 * roles, and where the API and its documentation are; with a sign-out button.
 */
@RestController
@ConditionalOnWebApplication
public class HomeController {

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(Authentication who, org.springframework.security.web.csrf.CsrfToken csrf) {
        String roles = who.getAuthorities().stream().map(GrantedAuthority::getAuthority).map(a -> a.replace("ROLE_", ""))
                .sorted().collect(Collectors.joining(", "));
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Pathways Hub</title></head>
                <body>
                <h1>Pathways Hub</h1>
                <p>Signed in as <strong>%s</strong> (%s).</p>
                <p>The API and its documentation: <a href="/api/docs">/api/docs</a> (sign in there with the same name and
                password, or an API token).</p>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s">
                <button type="submit">Sign out</button></form>
                </body></html>
                """.formatted(HtmlUtils.htmlEscape(who.getName()), HtmlUtils.htmlEscape(roles), csrf.getParameterName(),
                csrf.getToken());
    }
}
