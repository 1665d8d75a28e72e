package org.pathwayshub.record;

import java.sql.Date;
import java.time.LocalDate;

/** Conversions writers share when binding common-record values to SQL parameters. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A common-record date (LocalDate, or null for not recorded) as a SQL date. */
    public static Date date(Object value) {
        return value == null ? null : Date.valueOf((LocalDate) value);
    }
}
