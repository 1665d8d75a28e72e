package org.pathwayshub.nccis;

import java.time.LocalDate;
import java.time.YearMonth;

import org.pathwayshub.job.HubJob;
import org.springframework.stereotype.Component;

/**
 * Job {@code nccis-return-check}: checks this month's return as it stands, so each young person's record shows the
 * Appendix D problems that would go out with it while there is time to fix them at source.
 */
@Component
public class NccisReturnCheckJob implements HubJob {

    private final NccisReturnCheck check;

    public NccisReturnCheckJob(NccisReturnCheck check) {
        this.check = check;
    }

    @Override
    public String name() {
        return "nccis-return-check";
    }

    @Override
    public String run() {
        LocalDate periodEnd = YearMonth.now().atEndOfMonth();
        NccisReturnCheck.Summary s = check.check(periodEnd);
        return "checked the return for the period ending " + periodEnd + ": " + s.records() + " young people, " + s.problems()
                + " problems " + s.byDfeError();
    }
}
