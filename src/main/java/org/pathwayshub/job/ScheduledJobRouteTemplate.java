package org.pathwayshub.job;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.pathwayshub.feed.FeedSchedule;
import org.pathwayshub.system.ScheduleLeadership;
import org.springframework.stereotype.Component;

import static org.pathwayshub.feed.FileFeedRouteTemplate.param;

/**
 * Route template {@code scheduled-job}: runs one of the hub's jobs (risk-rescore, alert-sweep,
 * school-risk-profile, email-digest, file-drop, alert-digest, referral-deadlines...) on the schedule its routes file sets.
 */
@Component
public class ScheduledJobRouteTemplate extends RouteBuilder {

    private final HubJobs jobs;
    private final ScheduleLeadership leadership;

    public ScheduledJobRouteTemplate(HubJobs jobs, ScheduleLeadership leadership) {
        this.jobs = jobs;
        this.leadership = leadership;
    }

    @Override
    public void configure() {
        routeTemplate("scheduled-job")
                .templateParameter("job", null, "the job: " + String.join(", ", jobs.names()))
                .templateParameter("schedule", null, "a cron with seconds (0 0 2 * * *) or an interval")
                .templateParameter("enabled", "true", "false to leave the job to the API only")
                .templateBean("jobScheduler", ScheduledPollConsumerScheduler.class, rtc -> {
                    String job = param(rtc, "job");
                    if (jobs.find(job).isEmpty()) {
                        throw new IllegalArgumentException("no job '" + job + "' (jobs: " + jobs.names() + ")");
                    }
                    return FeedSchedule.parse(param(rtc, "schedule")).scheduler();
                })
                // on one node only when there are several (ScheduleLeadership)
                .templateBean("schedulePolicy", RoutePolicy.class, rtc -> leadership.policyFor(Boolean.parseBoolean(param(rtc, "enabled"))))
                .from("scheduler:job-{{job}}?scheduler=#{{jobScheduler}}")
                .autoStartup("{{enabled}}")
                .routePolicyRef("{{schedulePolicy}}")
                .setHeader("HubJob", constant("{{job}}"))
                .process(e -> jobs.run(e.getIn().getHeader("HubJob", String.class)));
    }
}
