package org.pathwayshub.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.pathwayshub.record.CharacteristicFact;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.MappedRecord;
import org.pathwayshub.record.RecordIssue;

/**
 * Maps one partner record at a time onto the common record, following a {@link FeedMapping} bound to the
 * columns the source actually has. Every problem is reported, not only the first, so a data team can fix
 * a record in one go.
 */
public final class RecordMapper {

    private static final char REPLACEMENT = '\uFFFD';

    private final FeedMapping mapping;
    private final ValueParser parser;
    private final int[] columnIndex;
    private final SourceLayout layout;
    private final List<RecordChecks.Run> checks;
    private final CodeList characteristicCodes;
    private final boolean fullCharacteristicList;
    private final Map<CommonField, String> columnOf = new EnumMap<>(CommonField.class);
    private final MessageDigest digest;
    private final LocalDate today;

    private RecordMapper(FeedMapping mapping, ValueParser parser, int[] columnIndex, SourceLayout layout, LocalDate today,
                         List<RecordChecks.Run> checks) {
        this.mapping = mapping;
        this.parser = parser;
        this.columnIndex = columnIndex;
        this.layout = layout;
        this.today = today;
        this.checks = List.copyOf(checks);
        this.characteristicCodes = parser.codeLists().get("characteristic");
        this.fullCharacteristicList = mapping.characteristics().stream()
                .anyMatch(r -> r.codesColumn() != null && layout.indexOf(r.codesColumn()) >= 0);
        for (FieldMapping f : mapping.fields()) {
            columnOf.put(f.field(), f.source());
        }
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outcome for one record: the mapped record, or the reasons it is quarantined. */
    public record Outcome(MappedRecord record, List<RecordIssue> rejects) {
        public boolean rejected() {
            return record == null;
        }
    }

    /**
     * Binds a mapping to a source's columns.
     *
     * @throws LayoutMismatchException when required columns are missing or repeated: the file has no usable header
     */
    public static RecordMapper bind(FeedMapping mapping, SourceLayout layout, ValueParser parser, LocalDate today)
            throws LayoutMismatchException {
        return bind(mapping, layout, parser, today, List.of());
    }

    /** @param checks the runs of the record checks the mapping names, one per file */
    public static RecordMapper bind(FeedMapping mapping, SourceLayout layout, ValueParser parser, LocalDate today,
                                    List<RecordChecks.Run> checks) throws LayoutMismatchException {
        int[] index = new int[mapping.fields().size()];
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (int i = 0; i < index.length; i++) {
            FieldMapping f = mapping.fields().get(i);
            if (f.column() == null) {
                index[i] = -1;
                continue;
            }
            index[i] = layout.indexOf(f.column());
            if (index[i] >= 0) {
                found++;
                if (layout.duplicateOf(f.column()) >= 0) {
                    throw new LayoutMismatchException("the header names column '" + f.column() + "' twice (columns "
                            + (index[i] + 1) + " and " + (layout.duplicateOf(f.column()) + 1) + "); which one holds "
                            + f.field().key() + " is ambiguous");
                }
            } else if (f.required()) {
                missing.add(f.column());
            }
        }
        if (found == 0) {
            throw new LayoutMismatchException("the first line is not a header row: none of the columns in "
                    + mapping.file() + " is named (" + expectedColumns(mapping) + ", matched ignoring case)");
        }
        if (!missing.isEmpty()) {
            throw new LayoutMismatchException("the header row has no column " + String.join(", ", missing)
                    + " (required by " + mapping.file() + "; header names are matched ignoring case)");
        }
        return new RecordMapper(mapping, parser, index, layout, today, checks);
    }

    private static String expectedColumns(FeedMapping mapping) {
        return mapping.fields().stream().filter(f -> f.column() != null).map(FieldMapping::column)
                .collect(Collectors.joining(", "));
    }

    /** The rule of the warning naming an element the mapping does not read (once per file, at its first record). */
    public static final String ELEMENT_NOT_MAPPED = "element-not-mapped";

    public Outcome map(SourceRecord source) {
        long line = source.line();
        String element = source.element();
        List<RecordIssue> rejects = new ArrayList<>();
        List<RecordIssue> warnings = new ArrayList<>();
        if (source.problem() != null) {
            rejects.add(RecordIssue.reject(line, element, null, null, null, "record-shape", source.problem()));
            return new Outcome(null, rejects);
        }
        for (String unmapped : source.unmapped()) {
            warnings.add(RecordIssue.warning(line, element, unmapped, null, null, ELEMENT_NOT_MAPPED, "the element "
                    + unmapped + " is not read by " + mapping.file() + ", so what it holds is not stored: map it to a field, "
                    + "or list it under ignore if the hub has no use for it (named once per file, at the first record "
                    + "that has it)"));
        }
        EnumMap<CommonField, Object> values = new EnumMap<>(CommonField.class);
        EnumMap<CommonField, String> sent = checks.isEmpty() ? null : new EnumMap<>(CommonField.class);
        List<FieldMapping> fields = mapping.fields();
        List<String> absentSections = absentSections(source);
        for (int i = 0; i < fields.size(); i++) {
            FieldMapping f = fields.get(i);
            String raw = f.constant() != null ? f.constant() : source.value(columnIndex[i]);
            if (raw != null && raw.isBlank()) {
                raw = null;
            }
            String column = f.source();
            String key = f.field().key();
            if (sent != null && raw != null) {
                sent.put(f.field(), raw.strip());
            }
            String unreadable = unreadable(raw);
            if (unreadable != null) {
                report(f, RecordIssue.reject(line, element, column, key, raw, "encoding", unreadable), rejects, warnings);
                continue;
            }
            Object value;
            try {
                value = parser.parse(f, raw);
            } catch (InvalidValue e) {
                report(f, RecordIssue.reject(line, element, column, key, raw, e.rule(), "expected " + e.expected())
                        .withDfeError(f.dfeInvalid()), rejects, warnings);
                continue;
            }
            if (value == null && (f.required() || isOnlyPrimary(f))) {
                boolean placeholder = raw != null && !raw.isBlank();
                rejects.add(RecordIssue.reject(line, element, column, key, raw, "required", placeholder
                        ? "'" + raw.trim() + "' stands for 'not known'; this feed identifies records by " + key
                        : "a value: " + key + " is required in this feed").withDfeError(f.dfeMissing()));
                continue;
            }
            if (value == null && raw == null && f.dfeMissing() != null && !inAny(f.column(), absentSections)) {
                // not needed to store the record, but the national return expects it: flag it
                warnings.add(RecordIssue.warning(line, element, column, key, null, "missing",
                        "a value: the NCCIS return expects " + key).withDfeError(f.dfeMissing()));
            }
            if (value != null) {
                values.put(f.field(), value);
            }
        }
        if (mapping.primaryIdentifiers().size() > 1 && mapping.primaryIdentifiers().stream().noneMatch(values::containsKey)) {
            List<String> keys = mapping.primaryIdentifiers().stream().map(CommonField::key).toList();
            // the warnings already name any invalid value; the record cannot be kept without one of them
            rejects.addAll(warnings.stream().filter(w -> keys.contains(w.field())).map(RecordIssue::asReject).toList());
            warnings.removeIf(w -> keys.contains(w.field()));
            rejects.add(RecordIssue.reject(line, element, String.join(" or ", mapping.primaryIdentifiers().stream()
                    .map(p -> columnOf.getOrDefault(p, p.key())).toList()), String.join(" or ", keys), null, "required",
                    "a valid " + String.join(" or ", keys) + ": this feed identifies records by one of them"));
        }
        java.util.Set<String> notHeld = new java.util.TreeSet<>();
        List<CharacteristicFact> characteristics = characteristics(source, warnings, notHeld);
        rejects.addAll(CommonRecordRules.check(line, element, values,
                f -> columnOf.getOrDefault(f, "(not mapped)"), today, rejects, warnings));
        if (rejects.isEmpty() && !checks.isEmpty()) {
            RecordChecks.CheckedRecord checked = new RecordChecks.CheckedRecord(line, element, values, characteristics, columnOf,
                    sent);
            for (RecordChecks.Run run : checks) {
                for (RecordIssue issue : run.check(checked)) {
                    (issue.severity() == RecordIssue.Severity.REJECT ? rejects : warnings).add(issue);
                }
            }
        }
        String recordKey = recordKey(source);
        if (!rejects.isEmpty()) {
            // a quarantined record lists every problem, the ones that alone would only warn too
            rejects.addAll(warnings);
            rejects.replaceAll(issue -> issue.ofRecord(recordKey));
            return new Outcome(null, rejects);
        }
        warnings.replaceAll(issue -> issue.ofRecord(recordKey));
        return new Outcome(new MappedRecord(line, element, values, characteristics, fullCharacteristicList, notHeld,
                warnings, key(values, characteristics), recordKey), List.of());
    }

    /** The mapping's optional sections this record leaves out altogether (none of their elements has a value). */
    private List<String> absentSections(SourceRecord source) {
        if (mapping.optionalSections().isEmpty()) {
            return List.of();
        }
        List<String> absent = new ArrayList<>(mapping.optionalSections());
        List<FieldMapping> fields = mapping.fields();
        for (int i = 0; i < fields.size() && !absent.isEmpty(); i++) {
            String column = fields.get(i).column();
            String raw = column == null ? null : source.value(columnIndex[i]);
            if (raw != null && !raw.isBlank()) {
                absent.removeIf(section -> column.startsWith(section + "/"));
            }
        }
        return absent;
    }

    private static boolean inAny(String column, List<String> sections) {
        return column != null && sections.stream().anyMatch(section -> column.startsWith(section + "/"));
    }

    /**
     * The record's own key as the partner sent it (the first of its primary identifiers it has, valid or not): what a
     * data team searches for in its own system to fix the record.
     */
    private String recordKey(SourceRecord source) {
        List<FieldMapping> fields = mapping.fields();
        for (CommonField primary : mapping.primaryIdentifiers()) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).field() == primary && fields.get(i).constant() == null) {
                    String raw = source.value(columnIndex[i]);
                    if (raw != null && !raw.isBlank()) {
                        return raw.strip();
                    }
                }
            }
        }
        return null;
    }

    /** The characteristics the record says hold, by the mapping's rules; codes not in the list are warned about. */
    private List<CharacteristicFact> characteristics(SourceRecord source, List<RecordIssue> warnings, java.util.Set<String> notHeld) {
        if (mapping.characteristics().isEmpty()) {
            return List.of();
        }
        List<CharacteristicFact> facts = new ArrayList<>();
        for (CharacteristicRule rule : mapping.characteristics()) {
            LocalDate from = ruleDate(source, rule, rule.fromColumn(), warnings);
            LocalDate to = ruleDate(source, rule, rule.toColumn(), warnings);
            if (rule.code() != null) {
                boolean holds;
                if (rule.whenColumn() != null) {
                    holds = Boolean.TRUE.equals(ruleBoolean(source, rule, warnings));
                } else {
                    holds = rule.fromColumn() == null || from != null;
                }
                if (holds) {
                    facts.add(new CharacteristicFact(rule.code(), from, to));
                } else if (saysNotHeld(source, rule)) {
                    notHeld.add(rule.code());
                }
                continue;
            }
            String listed = value(source, rule.codesColumn());
            if (listed == null) {
                continue;
            }
            for (String code : listed.split(java.util.regex.Pattern.quote(rule.separator()))) {
                String c = code.trim();
                if (c.isEmpty()) {
                    continue;
                }
                if (characteristicCodes.accepts(c)) {
                    facts.add(new CharacteristicFact(c, from, to));
                } else {
                    warnings.add(RecordIssue.warning(source.line(), source.element(), rule.codesColumn(), "characteristics",
                            c, "code-unknown", "expected " + characteristicCodes.describe()).withDfeError(104));
                }
            }
        }
        return facts;
    }

    /** The record has the rule's column and it says no (or leaves the start date empty): the code does not hold. */
    private boolean saysNotHeld(SourceRecord source, CharacteristicRule rule) {
        String column = rule.whenColumn() != null ? rule.whenColumn() : rule.fromColumn();
        if (column == null || layout.indexOf(column) < 0) {
            return false;
        }
        String v = value(source, column);
        if (rule.whenColumn() == null) {
            return v == null;
        }
        try {
            return v != null && Boolean.FALSE.equals(ValueParser.bool(v));
        } catch (InvalidValue e) {
            return false;
        }
    }

    private String value(SourceRecord source, String column) {
        if (column == null) {
            return null;
        }
        String v = source.value(layout.indexOf(column));
        return v == null || v.isBlank() ? null : v.trim();
    }

    private LocalDate ruleDate(SourceRecord source, CharacteristicRule rule, String column, List<RecordIssue> warnings) {
        String v = value(source, column);
        if (v == null) {
            return null;
        }
        try {
            return ValueParser.date(v, rule.dateFormats(), rule.datePatterns());
        } catch (InvalidValue e) {
            warnings.add(RecordIssue.warning(source.line(), source.element(), column, "characteristics", v, e.rule(),
                    "expected " + e.expected() + " (" + rule.describe() + " kept without this date)"));
            return null;
        }
    }

    private Boolean ruleBoolean(SourceRecord source, CharacteristicRule rule, List<RecordIssue> warnings) {
        String v = value(source, rule.whenColumn());
        if (v == null) {
            return null;
        }
        try {
            return ValueParser.bool(v);
        } catch (InvalidValue e) {
            warnings.add(RecordIssue.warning(source.line(), source.element(), rule.whenColumn(), "characteristics", v,
                    e.rule(), "expected " + e.expected() + " (" + rule.describe() + " not recorded)"));
            return null;
        }
    }

    private boolean isOnlyPrimary(FieldMapping f) {
        return mapping.primaryIdentifiers().size() == 1 && mapping.primaryIdentifiers().get(0) == f.field();
    }

    /**
     * An invalid required field or (sole) primary identifier quarantines the record; any other is kept out with a
     * warning. Where a feed accepts alternatives (ULN, else UPN), the record is quarantined only if none is valid.
     */
    private void report(FieldMapping f, RecordIssue issue, List<RecordIssue> rejects, List<RecordIssue> warnings) {
        if (f.rejectInvalid() || isOnlyPrimary(f)) {
            rejects.add(issue);
        } else {
            warnings.add(issue.asWarning());
        }
    }

    /**
     * Text that did not decode in the feed's encoding, or holds control characters (C0 or C1) or bidirectional
     * overrides, cannot be trusted.
     */
    private String unreadable(String raw) {
        if (raw == null) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == REPLACEMENT) {
                return "text in " + mapping.encoding().name() + " (set encoding in " + mapping.file()
                        + " if this partner sends another, e.g. windows-1252)";
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F) {
                return "text without control characters (found U+" + String.format("%04X", (int) c) + ")";
            }
            if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                // shown in the console or a partner's spreadsheet, it would make the text read as something else
                return "text without bidirectional overrides (found U+" + String.format("%04X", (int) c)
                        + ", which reverses how the text around it is shown)";
            }
        }
        return null;
    }

    private byte[] key(EnumMap<CommonField, Object> values, List<CharacteristicFact> characteristics) {
        digest.reset();
        digest.update(mapping.feedId().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<CommonField, Object> e : values.entrySet()) {
            if (e.getValue() != null) {
                digest.update((byte) 0x1e);
                digest.update(e.getKey().key().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '=');
                digest.update(e.getValue().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        for (CharacteristicFact c : characteristics) {
            digest.update((byte) 0x1e);
            digest.update(c.toString().getBytes(StandardCharsets.UTF_8));
        }
        return digest.digest();
    }
}
