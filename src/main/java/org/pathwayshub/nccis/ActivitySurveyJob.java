package org.pathwayshub.nccis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

import org.pathwayshub.job.HubJob;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.system.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Job {@code activity-survey}: writes the latest Annual Activity Survey (the Year 11 leavers' situation on the last
 * 1 November that has passed) to {@code $HUB_HOME/outbox/nccis/activity-survey-<LA>-<year>.csv}, replacing an earlier
 * copy of the same year; the schedule is in routes/activity-survey.yaml.
 */
@Component
public class ActivitySurveyJob implements HubJob {

    private final ActivitySurvey survey;
    private final HubProperties hub;
    private final LocalAuthority la;

    public ActivitySurveyJob(ActivitySurvey survey, HubProperties hub, LocalAuthority la) {
        this.survey = survey;
        this.hub = hub;
        this.la = la;
    }

    @Override
    public String name() {
        return "activity-survey";
    }

    @Override
    public String run() {
        LocalDate today = LocalDate.now();
        int year = today.isBefore(ActivitySurvey.surveyDay(today.getYear())) ? today.getYear() - 1 : today.getYear();
        Path dir = hub.getHome().resolve("outbox").resolve("nccis");
        String name = "activity-survey-" + la.code() + "-" + year + ".csv";
        int rows;
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve(name + ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                rows = survey.write(year, out);
            }
            Files.move(partial, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Annual Activity Survey to " + dir, e);
        }
        return "wrote " + name + ": " + rows + " Year 11 leavers as on " + ActivitySurvey.surveyDay(year);
    }
}
