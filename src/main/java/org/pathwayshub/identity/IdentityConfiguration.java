package org.pathwayshub.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.pathwayshub.system.HubConfigFiles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/** The matching rules an LA sets in mappings/identity/matching.yaml. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    public PersonMatcher personMatcher(HubConfigFiles files) {
        Resource resource = files.find(MatchingRules.FILE).orElse(null);
        if (resource == null) {
            return new PersonMatcher(MatchingRules.defaults());
        }
        try (InputStream in = resource.getInputStream()) {
            return new PersonMatcher(MatchingRules.read(in, MatchingRules.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MatchingRules.FILE, e);
        }
    }
}
