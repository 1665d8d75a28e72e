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

    /**
     * A name from outside (a dropped file's name, a line another program wrote) as one quoted token for a log line:
     * control characters are shown escaped, so a name holding a line break cannot start a forged log line, and a
     * quote inside is escaped so where the name ends is plain.
     */
    public static String quoted(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
        name.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
