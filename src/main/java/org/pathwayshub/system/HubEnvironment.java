package org.pathwayshub.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves where the hub keeps its data ({@code hub.home}) and where it reads the LA's configuration
 * ({@code routes/} and {@code mappings/}) before anything else starts, so that Camel's route loader and
 * the mapping engine read the same folder whatever the working directory is.
 *
 * <p>The configuration folder is {@code hub.config-dir} when set; otherwise the working directory when it
 * holds a {@code routes/} folder (a checkout, or the Docker image); otherwise the copies packaged in the jar.
 */
public class HubEnvironment implements EnvironmentPostProcessor {

    static final String CLASSPATH_CONFIG = "classpath:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        Path home = Path.of(env.getProperty("hub.home", "./hub-home")).toAbsolutePath().normalize();
        resolved.put("hub.home", home.toString());

        String configured = env.getProperty("hub.config-dir", "");
        String location;
        if (!configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            location = "file:" + dir + "/";
        } else if (Files.isDirectory(Path.of("routes"))) {
            Path dir = Path.of("").toAbsolutePath();
            location = "file:" + dir + "/";
        } else {
            location = CLASSPATH_CONFIG;
        }
        resolved.put("hub.config-location", location);
        resolved.put("camel.main.routes-include-pattern", location + "routes/*.yaml");
        env.getPropertySources().addFirst(new MapPropertySource("hubEnvironment", resolved));
    }
}
