package org.pathwayshub.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.record.IdentifierCheck;
import org.pathwayshub.record.NinoCheck;
import org.pathwayshub.record.UlnCheck;
import org.pathwayshub.record.UpnCheck;
import org.springframework.stereotype.Component;

/**
 * Reads a partner's text value as a common field's type. Returns null for "not recorded" (an empty value,
 * or a placeholder such as UPN UN1-UN5); throws {@link InvalidValue} saying what was expected otherwise.
 */
@Component
public class ValueParser {

    private static final Pattern POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA");
    private static final Pattern SEVEN_DIGITS = Pattern.compile("\\d{7}");
    private static final Pattern THIRTEEN_DIGITS = Pattern.compile("\\d{13}");
    private static final Pattern UKPRN = Pattern.compile("1\\d{7}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final Set<String> TRUE = Set.of("true", "t", "y", "yes", "1");
    private static final Set<String> FALSE = Set.of("false", "f", "n", "no", "0");
    private static final int MAX_TEXT = 2000;
    private static final int MAX_NAME = 100;
    private static final int MAX_COUNT = 1_000_000;

    private final CodeLists codeLists;
    private final UpnCheck upnCheck;
    private final Set<String> laCodes;

    public ValueParser(CodeLists codeLists) {
        this.codeLists = codeLists;
        this.laCodes = codeLists.get("la-codes").codes();
        this.upnCheck = new UpnCheck(laCodes);
    }

    public CodeLists codeLists() {
        return codeLists;
    }

    public UpnCheck upnCheck() {
        return upnCheck;
    }

    public Object parse(FieldMapping mapping, String raw) throws InvalidValue {
        String value = mapping.translated(raw == null ? null : raw.trim());
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (mapping.field().type()) {
            case TEXT -> text(value, MAX_TEXT);
            case NAME -> text(WHITESPACE.matcher(value).replaceAll(" "), MAX_NAME);
            case DATE -> date(mapping, value);
            case COUNT -> count(value);
            case BOOLEAN -> bool(value);
            case CODE -> code(mapping.codeList(), value);
            case NC_YEAR -> ncYear(value);
            case POSTCODE -> postcode(value);
            case LAESTAB -> laEstab(value);
            case LA_CODE -> laCode(value);
            case UKPRN -> ukprn(value);
            case TIMESTAMP -> timestamp(value);
            case UPN -> identifier(upnCheck.check(value));
            case ULN -> identifier(UlnCheck.check(value));
            case NINO -> identifier(NinoCheck.check(value));
            case YOUNG_PERSONS_ID -> {
                if (!THIRTEEN_DIGITS.matcher(value).matches()) {
                    throw new InvalidValue("ypid-format", "13 digits: the NCCIS DatabaseID and the local id");
                }
                yield value;
            }
        };
    }

    private static String text(String value, int max) throws InvalidValue {
        if (value.length() > max) {
            throw new InvalidValue("too-long", "at most " + max + " characters (got " + value.length() + ")");
        }
        return value;
    }

    private static LocalDate date(FieldMapping mapping, String value) throws InvalidValue {
        return date(value, mapping.dateFormats(), mapping.dateFormatPatterns());
    }

    static LocalDate date(String value, List<DateTimeFormatter> formats, List<String> patterns) throws InvalidValue {
        for (DateTimeFormatter f : formats) {
            try {
                LocalDate date = LocalDate.parse(value, f);
                if (date.getYear() < 1900 || date.getYear() > 2100) {
                    throw new InvalidValue("date-range", "a date between 1900 and 2100");
                }
                return date;
            } catch (DateTimeException e) {
                // try the next format
            }
        }
        throw new InvalidValue("date-format", "a date as " + String.join(" or ", patterns));
    }

    private static Integer count(String value) throws InvalidValue {
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > MAX_COUNT) {
                throw new InvalidValue("count-range", "a whole number from 0 to " + MAX_COUNT);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidValue("count-format", "a whole number from 0 to " + MAX_COUNT);
        }
    }

    static Boolean bool(String value) throws InvalidValue {
        String v = value.toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(v)) {
            return Boolean.FALSE;
        }
        throw new InvalidValue("boolean-format", "true or false (also Y/N, yes/no, 1/0)");
    }

    private String code(String listName, String value) throws InvalidValue {
        CodeList list = codeLists.get(listName);
        if (list.accepts(value)) {
            return value;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (list.accepts(upper)) {
            return upper;
        }
        throw new InvalidValue("code-unknown", list.describe());
    }

    /** National curriculum year: R is 0, N1 and N2 are nursery years, X (not following the curriculum) is not recorded. */
    private static Integer ncYear(String value) throws InvalidValue {
        switch (value.toUpperCase(Locale.ROOT)) {
            case "R": return 0;
            case "N1": return -2;
            case "N2": return -1;
            case "X": return null;
            default:
                try {
                    int year = Integer.parseInt(value);
                    if (year >= 1 && year <= 14) {
                        return year;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new InvalidValue("nc-year", "a national curriculum year: N1, N2, R, 1 to 14, or X");
        }
    }

    private static String postcode(String value) throws InvalidValue {
        String compact = value.toUpperCase(Locale.ROOT).replace(" ", "");
        if (!POSTCODE.matcher(compact).matches()) {
            throw new InvalidValue("postcode-format", "a UK postcode such as NM1 2AB");
        }
        return compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
    }

    private String laEstab(String value) throws InvalidValue {
        String digits = value.replace("/", "").replace(" ", "");
        if (!SEVEN_DIGITS.matcher(digits).matches()) {
            throw new InvalidValue("laestab-format", "7 digits: the 3-digit LA number and 4-digit establishment number");
        }
        if (!laCodes.contains(digits.substring(0, 3))) {
            throw new InvalidValue("laestab-la", "an establishment number starting with a recognised LA number ("
                    + digits.substring(0, 3) + " is not one)");
        }
        return digits;
    }

    private String laCode(String value) throws InvalidValue {
        if (!laCodes.contains(value)) {
            throw new InvalidValue("la-code", "a recognised three-digit LA number (" + value + " is not one)");
        }
        return value;
    }

    private static String ukprn(String value) throws InvalidValue {
        if (!UKPRN.matcher(value).matches()) {
            throw new InvalidValue("ukprn-format", "a UKPRN: 8 digits starting with 1");
        }
        return value;
    }

    /** An instant with its offset (2026-11-03T09:15:00Z); a local date-time is taken as UK time. */
    private static Instant timestamp(String value) throws InvalidValue {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            try {
                return LocalDateTime.parse(value).atZone(UK).toInstant();
            } catch (DateTimeException e2) {
                throw new InvalidValue("timestamp-format", "a date and time such as 2026-11-03T09:15:00Z");
            }
        }
    }

    private static String identifier(IdentifierCheck check) throws InvalidValue {
        return switch (check.outcome()) {
            case VALID -> check.value();
            case PLACEHOLDER, MISSING -> null;
            case INVALID -> throw new InvalidValue(check.rule(), check.expected());
        };
    }
}
