package org.pathwayshub.record;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A partner's record mapped onto the common record: typed values by common field, with any warnings. */
public final class MappedRecord {

    private final long line;
    private final String element;
    private final EnumMap<CommonField, Object> values;
    private final List<CharacteristicFact> characteristics;
    private final boolean fullCharacteristicList;
    private final java.util.Set<String> characteristicsNotHeld;
    private final List<RecordIssue> warnings;
    private final byte[] key;
    private final String recordKey;

    /**
     * @param fullCharacteristicList the source lists all of the person's characteristics (so one it no longer
     *                               lists has ended)
     */
    public MappedRecord(long line, String element, EnumMap<CommonField, Object> values,
                        List<CharacteristicFact> characteristics, boolean fullCharacteristicList,
                        java.util.Set<String> characteristicsNotHeld, List<RecordIssue> warnings, byte[] key,
                        String recordKey) {
        this.line = line;
        this.element = element;
        this.values = values;
        this.characteristics = List.copyOf(characteristics);
        this.fullCharacteristicList = fullCharacteristicList;
        this.characteristicsNotHeld = java.util.Set.copyOf(characteristicsNotHeld);
        this.warnings = List.copyOf(warnings);
        this.key = key;
        this.recordKey = recordKey;
    }

    /** The record's primary identifier as the partner sent it, naming the record in every issue found with it. */
    public String recordKey() {
        return recordKey;
    }

    public List<CharacteristicFact> characteristics() {
        return characteristics;
    }

    public boolean reportsFullCharacteristicList() {
        return fullCharacteristicList;
    }

    /** Characteristics the source says do not hold (a yes/no column saying no, a start date left empty). */
    public java.util.Set<String> characteristicsNotHeld() {
        return characteristicsNotHeld;
    }

    public long line() {
        return line;
    }

    public String element() {
        return element;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(CommonField field) {
        return (T) values.get(field);
    }

    public boolean has(CommonField field) {
        return values.get(field) != null;
    }

    public boolean hasAny(Section section) {
        for (CommonField f : values.keySet()) {
            if (f.section() == section && values.get(f) != null) {
                return true;
            }
        }
        return false;
    }

    public Set<Section> sections() {
        EnumSet<Section> sections = EnumSet.noneOf(Section.class);
        values.forEach((f, v) -> {
            if (v != null) {
                sections.add(f.section());
            }
        });
        return sections;
    }

    public Map<CommonField, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    public List<RecordIssue> warnings() {
        return warnings;
    }

    /** Content key: the same record content in the same feed has the same key, whatever file it came in. */
    public byte[] key() {
        return key;
    }
}
