package org.pathwayshub.ingest;

import java.util.Map;

/**
 * A file that breaks part-way: a CSV quote never closed, XML or JSON cut short or malformed after its records began.
 * Every complete record before the break is kept; the break itself is quarantined as a record of its own, at its line
 * (or element), with what could be read of it; whatever follows cannot be read as records. The file then goes to
 * {@code failed/} so that the partner sends it again: the records already kept count as duplicates then.
 */
public class FileBreaksException extends UnreadableFileException {

    private final long line;
    private final String element;
    private final String rule;
    private final Map<String, String> fragment;

    /**
     * @param line     the line the broken record starts on
     * @param element  the broken record's element or position (XML, JSON), or null
     * @param rule     a short name for what broke: unterminated-quote, file-cut-short, malformed-xml, malformed-json
     * @param reason   what is wrong, in words, and what was expected
     * @param fragment what could be read of the broken record (column -> value), possibly nothing
     */
    public FileBreaksException(long line, String element, String rule, String reason, Map<String, String> fragment) {
        super(reason);
        this.line = line;
        this.element = element;
        this.rule = rule;
        this.fragment = Map.copyOf(fragment);
    }

    public long line() {
        return line;
    }

    public String element() {
        return element;
    }

    public String rule() {
        return rule;
    }

    public Map<String, String> fragment() {
        return fragment;
    }
}
