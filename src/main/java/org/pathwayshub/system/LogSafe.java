package org.pathwayshub.system;

import java.io.IOException;
import java.sql.SQLException;

/** What may be logged about a failure: logs carry no personal data, and an exception's message can quote a record. */
public final class LogSafe {

    private LogSafe() {
    }

    /**
     * The kind of failure without the message text, which for database errors can quote record values: the chain
     * of exception classes, with SQL states and I/O messages (which name files, not people).
     */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getName());
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                sb.append(" (SQL state ").append(sql.getSQLState()).append(')');
            } else if (c instanceof IOException && c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
