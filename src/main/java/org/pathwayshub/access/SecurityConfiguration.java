package org.pathwayshub.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.pathwayshub.system.GeneratedSecret;
import org.pathwayshub.system.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may use what. The API carries personal data: every call is signed in, with HTTP Basic or an API token
 * ({@code Authorization: Bearer}), behind the LA's TLS proxy, and a role may use only the paths
 * {@value Roles#FILE} gives it. Pages sign in with a form, sign out, and end after a time without use
 * ({@code server.servlet.session.timeout}). Only the health probe is open, for load balancers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    public static final String ADMIN = Roles.ADMIN;
    private static final String BCRYPT = "bcrypt";
    /** The built-in admin's password, given in plain text at start: see {@link SaltedSha256PasswordEncoder}. */
    private static final String SALTED_SHA256 = "sha256";

    @Bean
    @Order(1)
    public SecurityFilterChain apiSecurity(HttpSecurity http, Roles roles, ApiTokens tokens, HubUsers users) throws Exception {
        // matched on the whole path: a pattern string would match only what Spring MVC serves, and leave Jolokia's
        // servlet (/actuator/jolokia) to the page chain, which takes no HTTP Basic and no token
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(path.matcher("/api/**"), path.matcher("/actuator/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // a young person asking for help has no account: limited an hour instead (contact/SelfReferrals)
                        .requestMatchers(HttpMethod.POST, "/api/self-referrals").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/self-referrals/consent").permitAll()
                        .anyRequest().access(byRole(roles)))
                .httpBasic(basic -> basic.authenticationEntryPoint(ApiErrors.signInEntryPoint()))
                .exceptionHandling(e -> e.authenticationEntryPoint(ApiErrors.signInEntryPoint()))
                .addFilterBefore(new ApiTokenFilter(tokens, users), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // stateless API with credentials on every request: no cookies, so no CSRF token
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain pageSecurity(HttpSecurity http, Roles roles) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/error", "/console.css").permitAll()
                        // the public self-referral form (contact/SelfReferrals)
                        .requestMatchers(HttpMethod.GET, "/self-referral").permitAll()
                        .requestMatchers(HttpMethod.POST, "/self-referral").permitAll()
                        // where a sign-in lands, for everyone signed in
                        .requestMatchers(HttpMethod.GET, "/").authenticated()
                        .anyRequest().access(byRole(roles)))
                .formLogin(form -> form.defaultSuccessUrl("/"))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }

    /** Allowed when one of the signed-in user's roles allows the request path (roles.yaml). */
    private static AuthorizationManager<RequestAuthorizationContext> byRole(Roles roles) {
        return (authentication, context) -> {
            Authentication who = authentication.get();
            if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
                return new AuthorizationDecision(false);
            }
            List<String> names = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).toList();
            HttpServletRequest request = context.getRequest();
            return new AuthorizationDecision(roles.allows(names, request.getRequestURI().substring(request.getContextPath().length())));
        };
    }

    /**
     * Passwords users choose are kept as bcrypt hashes (Spring Security's encoder). The built-in admin's is given in
     * plain text (the environment), so a slow hash in memory protects nothing and would cost ~80 ms on every API call:
     * a salted SHA-256 compared in constant time instead.
     */
    @Bean
    public PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(BCRYPT, Map.of(BCRYPT, new BCryptPasswordEncoder(),
                SALTED_SHA256, new SaltedSha256PasswordEncoder()));
    }

    @Bean
    public HubUsers users(HubProperties hub, JdbcTemplate jdbc, PasswordEncoder encoder, Roles roles, SignInFailures failures) {
        String password = hub.getAdmin().getPassword();
        if (password == null || password.isBlank()) {
            password = generatedPassword(hub.getHome());
        }
        UserDetails admin = User.withUsername(hub.getAdmin().getUser())
                .password("{" + SALTED_SHA256 + "}" + new SaltedSha256PasswordEncoder().encode(password))
                .roles(Roles.ADMIN)
                .build();
        return new HubUsers(jdbc, encoder, roles, failures, admin);
    }

    /** No HUB_ADMIN_PASSWORD set: keep one generated password in $HUB_HOME/admin-password, readable by the owner. */
    private static String generatedPassword(Path home) {
        Path file = home.resolve("admin-password");
        boolean made = !Files.exists(file);
        String password = GeneratedSecret.keptIn(file);
        if (made) {
            log.info("No HUB_ADMIN_PASSWORD set: generated one for the admin user in {}", file);
        }
        return password;
    }
}
