package org.pathwayshub.ingest;

import java.time.Instant;

/**
 * How far an incremental pull has read: the last row's {@code updated_at} and key. Rows are read strictly
 * after it in (updated_at, key) order, so rows sharing a timestamp are neither skipped nor read twice.
 */
public record WatermarkMark(Instant updatedAt, String key) {

    public static final WatermarkMark START = new WatermarkMark(Instant.parse("1900-01-01T00:00:00Z"), "");

    public static WatermarkMark of(Instant updatedAt, String key) {
        return new WatermarkMark(updatedAt, key == null ? "" : key);
    }

    public static WatermarkMark parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        int bar = text.indexOf('|');
        return new WatermarkMark(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
    }

    @Override
    public String toString() {
        return updatedAt + "|" + key;
    }
}
