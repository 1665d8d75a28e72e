package org.pathwayshub.system;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

/**
 * Statements over a whole batch in one round trip: a parameter may be a {@link Column} of values, bound as a
 * PostgreSQL array that the statement reads with {@code unnest(?::uuid[], ?::text[])} or {@code = any(?)}, or
 * {@link Columns} (rows added one at a time, bound as one array per column). Anything else binds as one value.
 * So a batch of 1,000 records is one statement per table, never 1,000.
 */
public final class BulkSql {

    private BulkSql() {
    }

    /** Values of one SQL type, bound as one array parameter. */
    public record Column(String sqlType, Object[] values) {
    }

    /** @param sqlType a PostgreSQL element type: uuid, text, date, timestamptz, int4, int8, bool, bytea */
    public static Column column(String sqlType, Collection<?> values) {
        return new Column(sqlType, values.toArray());
    }

    public static Column column(String sqlType, Object[] values) {
        return new Column(sqlType, values);
    }

    /** Rows built one at a time, bound column by column: a writer's batch in the order it adds them. */
    public static final class Columns {

        private final String[] types;
        private final List<List<Object>> values = new ArrayList<>();

        /** @param sqlTypes the element type of each column, in the order rows give their values */
        public Columns(String... sqlTypes) {
            this.types = sqlTypes;
            for (int i = 0; i < sqlTypes.length; i++) {
                values.add(new ArrayList<>());
            }
        }

        public Columns add(Object... row) {
            if (row.length != types.length) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + types.length + " columns");
            }
            for (int i = 0; i < row.length; i++) {
                values.get(i).add(row[i]);
            }
            return this;
        }

        public int size() {
            return values.isEmpty() ? 0 : values.get(0).size();
        }

        public boolean isEmpty() {
            return size() == 0;
        }

        List<Column> columns() {
            List<Column> out = new ArrayList<>(types.length);
            for (int i = 0; i < types.length; i++) {
                out.add(new Column(types[i], values.get(i).toArray()));
            }
            return out;
        }
    }

    public static int update(JdbcTemplate jdbc, String sql, Object... params) {
        return jdbc.update(c -> prepare(c, sql, params));
    }

    public static void query(JdbcTemplate jdbc, String sql, RowCallbackHandler rows, Object... params) {
        jdbc.query(c -> prepare(c, sql, params), rows);
    }

    public static <T> List<T> query(JdbcTemplate jdbc, String sql, RowMapper<T> mapper, Object... params) {
        return jdbc.query(c -> prepare(c, sql, params), mapper);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        int index = 1;
        for (Object p : params) {
            if (p instanceof Columns rows) {
                for (Column column : rows.columns()) {
                    ps.setArray(index++, array(c, column));
                }
            } else if (p instanceof Column column) {
                ps.setArray(index++, array(c, column));
            } else {
                ps.setObject(index++, value(p));
            }
        }
        return ps;
    }

    /** Bound as an array of the values' own class (the driver needs byte[][] for bytea, say), Object[] when all are null. */
    private static java.sql.Array array(Connection c, Column column) throws SQLException {
        Object[] values = column.values();
        Class<?> type = Object.class;
        for (Object v : values) {
            if (v != null) {
                type = value(v).getClass();
                break;
            }
        }
        Object[] bound = (Object[]) java.lang.reflect.Array.newInstance(type, values.length);
        for (int i = 0; i < values.length; i++) {
            bound[i] = value(values[i]);
        }
        return c.createArrayOf(column.sqlType(), bound);
    }

    /** Java time values as the driver binds them. */
    private static Object value(Object v) {
        if (v instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (v instanceof Instant t) {
            return Timestamp.from(t);
        }
        return v;
    }
}
