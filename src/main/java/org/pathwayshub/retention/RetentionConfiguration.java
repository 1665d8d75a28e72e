package org.pathwayshub.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The retention policy an LA sets in mappings/retention.yaml, read at start-up: a mistake in it stops the start. */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

    @Bean
    public RetentionPolicy retentionPolicy(HubConfigFiles files) {
        try (InputStream in = files.find(RetentionPolicy.FILE).orElseThrow(() -> new MappingFileException(
                RetentionPolicy.FILE, "", "the retention policy (none in " + files.location() + ")")).getInputStream()) {
            return RetentionPolicy.read(in, RetentionPolicy.FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RetentionPolicy.FILE, e);
        }
    }
}
