package org.pathwayshub.record;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Identifiers for rows the hub creates (young people, alerts): UUID version 7 (RFC 9562), the creation time in
 * milliseconds first and random bits after. They are as unguessable and as free of meaning as random UUIDs, but rows
 * made together sort together, so a batch's new young people land side by side in every index keyed by hub id (an
 * insert appends instead of touching a random page) and are read back together when they are assessed.
 */
public final class HubIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long sequence;

    private HubIds() {
    }

    public static UUID next() {
        long millis;
        long seq;
        synchronized (HubIds.class) {
            millis = System.currentTimeMillis();
            if (millis <= lastMillis) {
                // the clock stood still (or stepped back): keep order with a 12-bit counter, then borrow the next ms
                millis = lastMillis;
                if (++sequence > 0xFFF) {
                    millis = ++lastMillis;
                    sequence = 0;
                }
            } else {
                lastMillis = millis;
                sequence = 0;
            }
            seq = sequence;
        }
        long high = (millis << 16) | 0x7000L | seq;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
