package org.pathwayshub.referral;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.pathwayshub.system.HubConfigFiles;
import org.pathwayshub.system.MappingFileException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The referral life cycle and the bank holidays its deadlines skip (mappings/referrals/), read at start-up. */
@Configuration(proxyBeanMethods = false)
public class ReferralConfiguration {

    @Bean
    public ReferralLifeCycle referralLifeCycle(HubConfigFiles files) {
        try (InputStream in = open(files, ReferralLifeCycle.FILE)) {
            return ReferralLifeCycle.read(in, ReferralLifeCycle.FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    public WorkingDays workingDays(HubConfigFiles files) {
        try (InputStream in = open(files, WorkingDays.FILE)) {
            return WorkingDays.read(in, WorkingDays.FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(HubConfigFiles files, String file) throws IOException {
        return files.find(file).orElseThrow(() -> new MappingFileException(file, "", "the file (none in " + files.location()
                + ")")).getInputStream();
    }
}
