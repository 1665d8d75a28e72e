package org.pathwayshub.alert;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.pathwayshub.job.HubJob;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Job {@code alert-sweep}: the alert rules over every young person, 1,000 per transaction. */
@Component
public class AlertSweep implements HubJob {

    private static final int PAGE = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AlertEvaluation evaluation;

    public AlertSweep(JdbcTemplate jdbc, TransactionTemplate tx, AlertEvaluation evaluation) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.evaluation = evaluation;
    }

    @Override
    public String name() {
        return "alert-sweep";
    }

    @Override
    public String run() {
        LocalDate today = LocalDate.now();
        UUID after = new UUID(0, 0);
        int people = 0;
        int raised = 0;
        while (true) {
            List<UUID> page = jdbc.queryForList("""
                    select hub_id from young_person where merged_into is null and hub_id > ? order by hub_id limit ?""",
                    UUID.class, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            Integer n = tx.execute(s -> evaluation.evaluate(page, "daily alert sweep", today));
            raised += n == null ? 0 : n;
            people += page.size();
            after = page.get(page.size() - 1);
        }
        return people + " young people checked, " + raised + " alerts raised";
    }
}
