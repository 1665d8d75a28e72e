package org.pathwayshub.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Hub ids are RFC 9562 version 7 UUIDs: time first, so ids made one after another sort in the order they were made. */
class HubIdsTest {

    @Test
    void areVersion7WithTheRfcVariantAndTheTimeTheyWereMade() {
        long before = System.currentTimeMillis();
        UUID id = HubIds.next();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after + 1);
    }

    @Test
    void ahundredThousandInARowAreDistinctAndInOrderAsPostgreSqlSortsThem() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(HubIds.next());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        // PostgreSQL orders uuids by their bytes, unsigned, as this comparison does
        for (int i = 1; i < ids.size(); i++) {
            assertThat(compareUnsigned(ids.get(i - 1), ids.get(i))).as("id %d after id %d", i, i - 1).isNegative();
        }
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
