package org.pathwayshub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathwayshub.routing.Service;

class DeliveryBatchesTest {

    @Test
    void aServicesCsvFileHoldsARowAnAlertAndNoCellASpreadsheetWouldRun() {
        Service s = new Service("careers-south", "Careers", null, new Service.Coverage(Set.of(), Set.of(), Set.of(), null, null),
                Set.of("NEET_STARTED"), Set.of(), List.of("hubId", "givenName", "familyName", "reason"),
                new Service.Channel("file", null, null, "csv"), Service.Referrals.NONE);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("alertId", "a1");
        first.put("type", "NEET_STARTED");
        first.put("service", "careers-south");
        first.put("createdAt", "2026-12-05T09:00:00Z");
        first.put("hubId", "h1");
        first.put("givenName", "=HYPERLINK(\"http://evil.example\")");
        first.put("familyName", "Smith, Jr");
        first.put("reason", "NEET since 2026-11-01");
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("alertId", "a2");
        second.put("givenName", "Ann");
        second.put("familyName", "@Lee");

        String csv = DeliveryBatches.csv(s, List.of(
                new WaitingDeliveries.Waiting(1, UUID.randomUUID(), "NEET_STARTED", Instant.now(), first),
                new WaitingDeliveries.Waiting(2, UUID.randomUUID(), "NEET_STARTED", Instant.now(), second)));

        assertThat(csv.split("\r\n")).containsExactly(
                "alertId,type,service,createdAt,hubId,givenName,familyName,reason",
                "a1,NEET_STARTED,careers-south,2026-12-05T09:00:00Z,h1,\"'=HYPERLINK(\"\"http://evil.example\"\")\",\"Smith, Jr\","
                        + "NEET since 2026-11-01",
                "a2,NEET_STARTED,careers-south,2026-12-05T09:00:00Z,h1,Ann,'@Lee,NEET since 2026-11-01");
    }
}
