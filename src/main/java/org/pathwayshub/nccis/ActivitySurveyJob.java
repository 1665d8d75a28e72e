package org.pathwayshub.nccis;

import java.nio.file.Path;
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
        int rows = OutboxFile.write(dir, name, out -> survey.write(year, out));
        return "wrote " + name + ": " + rows + " Year 11 leavers as on " + ActivitySurvey.surveyDay(year);
    }
}
