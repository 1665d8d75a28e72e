package org.pathwayshub.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;

/**
 * Rows pulled from a partner's database (camel-sql's streamed result), read as records in the order the query
 * gives them, which is by the high-water mark: {@code updated_at}, then the row's key. After each row the
 * checkpoint is that row's mark, so a batch commits the mark of its last row with it.
 */
public final class RowsRecordSource implements RecordSource {

    private final Iterator<?> rows;
    private final SourceLayout layout;
    private final String updatedColumn;
    private final String keyColumn;
    private long rowNo;
    private String checkpoint;

    public RowsRecordSource(Iterator<?> rows, List<String> columns, String updatedColumn, String keyColumn) {
        this.rows = rows;
        this.layout = new SourceLayout(columns);
        this.updatedColumn = updatedColumn;
        this.keyColumn = keyColumn;
    }

    @Override
    public SourceLayout layout() {
        return layout;
    }

    @Override
    public SourceRecord next() {
        if (!rows.hasNext()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) rows.next();
        Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        row.putAll(raw);
        rowNo++;
        String[] values = new String[layout.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = text(row.get(layout.columns().get(i)));
        }
        checkpoint = WatermarkMark.of(instant(row.get(updatedColumn)), text(row.get(keyColumn))).toString();
        return new SourceRecord(rowNo, "row " + rowNo, values, null);
    }

    @Override
    public String checkpoint() {
        return checkpoint;
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        return value.toString();
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return Timestamp.valueOf(l).toInstant();
        }
        if (value instanceof LocalDate d) {
            return java.sql.Date.valueOf(d).toInstant();
        }
        throw new IllegalStateException("the high-water mark column holds " + (value == null ? "no value" : value.getClass().getSimpleName())
                + ", expected a timestamp");
    }

    @Override
    public String sha256() {
        return null;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    public void close() {
        // the route closes the result set when the exchange completes
    }
}
