package org.pathwayshub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the folders of $HUB_HOME, owner-only (rwx------): they hold personal data (drops, archives, outbox files,
 * the embedded database and broker), so no other local user may enter them, whatever the modes of the files within.
 * Names this node.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
public class HubHome {

    @Bean
    public NodeName nodeName(HubProperties hub) {
        try {
            Files.createDirectories(hub.getHome().resolve("inbox"));
            Files.createDirectories(hub.getHome().resolve("outbox"));
            Files.createDirectories(hub.dataDir());
            Path home = hub.getHome();
            for (Path dir : List.of(home, home.resolve("inbox"), home.resolve("outbox"), hub.dataDir())) {
                ownerOnly(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the hub's folders under " + hub.getHome(), e);
        }
        String name = hub.getNodeName();
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "hub";
            }
        }
        return new NodeName(name);
    }

    /** Only the hub's own user may enter the folder (where the file system has POSIX permissions). */
    static void ownerOnly(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** This node's name, as written in run records. */
    public record NodeName(String value) {
        @Override
        public String toString() {
            return value;
        }
    }
}
