package org.pathwayshub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API carries personal data: every call is authenticated (HTTP Basic, behind the LA's TLS proxy).
 * Only the health probe is open, for load balancers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    public static final String ADMIN = "ADMIN";

    @Bean
    public SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole(ADMIN))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // stateless API with credentials on every request: no cookies, so no CSRF token
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * The admin password is configured in plain text (the environment), so a slow hash in memory protects
     * nothing and would cost ~80 ms on every API call: a salted SHA-256 compared in constant time instead.
     */
    @Bean
    public PasswordEncoder passwordEncoder() {
        return new SaltedSha256PasswordEncoder();
    }

    @Bean
    public UserDetailsService users(HubProperties hub, PasswordEncoder encoder) {
        String password = hub.getAdmin().getPassword();
        if (password == null || password.isBlank()) {
            password = generatedPassword(hub.getHome());
        }
        return new InMemoryUserDetailsManager(User.withUsername(hub.getAdmin().getUser())
                .password(encoder.encode(password))
                .roles(ADMIN)
                .build());
    }

    /** No HUB_ADMIN_PASSWORD set: keep one generated password in $HUB_HOME/admin-password, readable by the owner. */
    private static String generatedPassword(Path home) {
        Path file = home.resolve("admin-password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(home);
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("No HUB_ADMIN_PASSWORD set: generated one for the admin user in {}", file);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the generated admin password in " + file, e);
        }
    }
}
