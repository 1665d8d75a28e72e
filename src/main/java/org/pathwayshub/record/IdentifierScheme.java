package org.pathwayshub.record;

import java.util.ArrayList;
import java.util.List;


/** The identifiers a young person is known by, strongest first. A partner's own reference is scoped to its feed. */
public enum IdentifierScheme {
    UPN(CommonField.UPN),
    ULN(CommonField.ULN),
    YPID(CommonField.YOUNG_PERSONS_ID),
    NINO(CommonField.NINO),
    LOCAL(CommonField.LOCAL_ID);

    private final CommonField field;

    IdentifierScheme(CommonField field) {
        this.field = field;
    }

    /** An identifier as stored: scheme (LOCAL:&lt;feed&gt; for partner references) and value. */
    public record Identifier(String scheme, String value) implements Comparable<Identifier> {
        @Override
        public int compareTo(Identifier o) {
            int c = scheme.compareTo(o.scheme);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    public static List<Identifier> of(String feedId, MappedRecord record) {
        List<Identifier> ids = new ArrayList<>(2);
        for (IdentifierScheme s : values()) {
            Object v = record.get(s.field);
            if (v != null) {
                ids.add(new Identifier(s == LOCAL ? "LOCAL:" + feedId : s.name(), v.toString()));
            }
        }
        return ids;
    }
}
