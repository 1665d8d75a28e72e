package org.pathwayshub.referral;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The referral life cycle the LA's file sets (mappings/referrals/life-cycle.yaml), read at start-up. */
@Configuration(proxyBeanMethods = false)
public class ReferralConfiguration {

    @Bean
    public ReferralLifeCycle referralLifeCycle(HubConfigFiles files) {
        try (InputStream in = files.find(ReferralLifeCycle.FILE).orElseThrow(() -> new MappingFileException(
                ReferralLifeCycle.FILE, "", "the file (none in " + files.location() + ")")).getInputStream()) {
            return ReferralLifeCycle.read(in, ReferralLifeCycle.FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
