package org.pathwayshub.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the folders of $HUB_HOME and names this node. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
public class HubHome {

    @Bean
    public NodeName nodeName(HubProperties hub) {
        try {
            Files.createDirectories(hub.getHome().resolve("inbox"));
            Files.createDirectories(hub.getHome().resolve("outbox"));
            Files.createDirectories(hub.dataDir());
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

    /** This node's name, as written in run records. */
    public record NodeName(String value) {
        @Override
        public String toString() {
            return value;
        }
    }
}
