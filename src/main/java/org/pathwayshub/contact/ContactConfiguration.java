package org.pathwayshub.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.ServiceDirectory;
import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The not-known queue's reasons and priority weights (mappings/contact/priority.yaml) and the terms of a self-referral
 * (mappings/contact/self-referral.yaml), read and checked at start-up.
 */
@Configuration(proxyBeanMethods = false)
public class ContactConfiguration {

    @Bean
    public ContactPriority contactPriority(HubConfigFiles files, CodeLists codes) {
        try (InputStream in = files.find(ContactPriority.FILE).orElseThrow(() -> new MappingFileException(ContactPriority.FILE,
                "", "the file (none in " + files.location() + ")")).getInputStream()) {
            return ContactPriority.read(in, ContactPriority.FILE, codes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    public SelfReferralTerms selfReferralTerms(HubConfigFiles files, ServiceDirectory directory, CodeLists codes) {
        try (InputStream in = files.find(SelfReferralTerms.FILE).orElseThrow(() -> new MappingFileException(
                SelfReferralTerms.FILE, "", "the file (none in " + files.location() + ")")).getInputStream()) {
            return SelfReferralTerms.read(in, SelfReferralTerms.FILE, directory, codes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
