package org.pathwayshub.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/** The alert rules and the service directory an LA sets in mappings/routing/. */
@Configuration(proxyBeanMethods = false)
public class AlertConfiguration {

    @Bean
    public AlertSettings alertSettings(HubConfigFiles files) {
        try (InputStream in = open(files, AlertSettings.FILE)) {
            return AlertSettings.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    public ServiceDirectory serviceDirectory(HubConfigFiles files, CamelContext camel) {
        Set<String> types = Arrays.stream(AlertType.values()).map(Enum::name).collect(Collectors.toSet());
        try (InputStream in = open(files, ServiceDirectory.FILE)) {
            return ServiceDirectory.read(in, ServiceDirectory.FILE, camel::resolvePropertyPlaceholders, types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    public LocalAuthority localAuthority(HubConfigFiles files) {
        try (InputStream in = open(files, LocalAuthority.FILE)) {
            return LocalAuthority.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(HubConfigFiles files, String path) throws IOException {
        Resource r = files.find(path).orElseThrow(() -> new MappingFileException(path, "", "the file (none in " + files.location() + ")"));
        return r.getInputStream();
    }
}
