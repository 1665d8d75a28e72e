package org.pathwayshub.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.pathwayshub.mapping.SourceLayout;
import org.pathwayshub.mapping.SourceRecord;

/**
 * Streams an NCCIS XML file one {@code YoungPersonsRecord} at a time (StAX: the file is never held whole).
 * Each record's values are the elements the mapping names, by path below the record
 * ({@code PersonalDetails/GivenName}), matched ignoring case, so {@code NEETStartDate} and {@code NeetStartDate}
 * are one element. A repeated element ({@code CharacteristicCode}) gives its values joined with ';'. The
 * {@code FileHeader} becomes the file header (DatabaseID, SourceLEAs, DateOfSend, PeriodEnd). An element the mapping
 * neither reads nor lists under {@code ignore} is never dropped without a word: the first record that holds it names it
 * ({@link SourceRecord#unmapped()}), once per file.
 *
 * <p>DTDs are not processed and external entities are never fetched: a DOCTYPE line is tolerated, but a file whose
 * DOCTYPE declares an entity is refused whole. A file that breaks after its records began (cut short, malformed, an
 * entity used in a record) breaks at the record it is in: the records before it stand ({@link FileBreaksException}).
 */
public final class NccisXmlSource extends StreamedRecordSource {

    static final String RECORD = "youngpersonsrecord";
    private static final String HEADER = "fileheader";

    private final XMLStreamReader xml;
    private final SourceLayout layout;
    private final Map<String, Integer> wanted = new HashMap<>();
    /** Paths of elements that hold what the mapping reads (PersonalDetails, Activities/Cohort) or that it ignores. */
    private final Set<String> known = new HashSet<>();
    /** Elements the mapping does not read, already named in this file. */
    private final Set<String> unmappedSeen = new HashSet<>();
    private final Map<String, String> header = new LinkedHashMap<>();
    private final int maxFieldChars;
    private int recordNo;
    private boolean atFirstRecord;
    /** The record being read: where it starts and what has been read of it, for the break if the file breaks in it. */
    private long recordLine;
    private String[] recordValues;

    private NccisXmlSource(String name, CountingDigestStream counter, XMLStreamReader xml, List<String> columns,
                           List<String> ignored, int maxFieldChars) throws IOException, UnreadableFileException {
        super(name, counter);
        this.xml = xml;
        this.layout = new SourceLayout(columns);
        for (int i = 0; i < columns.size(); i++) {
            wanted.put(SourceLayout.normalise(columns.get(i)), i);
        }
        for (String path : wanted.keySet()) {
            addWithParents(path);
        }
        for (String path : ignored) {
            addWithParents(SourceLayout.normalise(path));
        }
        this.maxFieldChars = maxFieldChars;
        readToFirstRecord();
    }

    private void addWithParents(String path) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            known.add(path.substring(0, slash));
        }
        known.add(path);
    }

    /**
     * @param columns the element paths the mapping reads
     * @param ignored element paths the mapping knowingly leaves unread
     */
    public static NccisXmlSource open(String name, InputStream stream, List<String> columns, List<String> ignored,
                                      int maxFieldChars) throws IOException, UnreadableFileException {
        CountingDigestStream counter = new CountingDigestStream(stream);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            BufferedInputStream in = new BufferedInputStream(counter, 1 << 16);
            refuseDeclaredEntities(in);
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            return new NccisXmlSource(name, counter, reader, columns, ignored, maxFieldChars);
        } catch (XMLStreamException e) {
            counter.close();
            throw unreadable(e);
        } catch (RuntimeException e) {
            counter.close();
            throw parserStopped(e, null);
        } catch (IOException | UnreadableFileException e) {
            counter.close();
            throw e;
        }
    }

    private static final Pattern ENTITY_DECLARATION = Pattern.compile("<!ENTITY\\s+(?:%\\s+)?([^\\s>]+)");
    private static final int PROLOG_BYTES = 1 << 16;

    /**
     * A file whose DOCTYPE declares entities is refused whole, before any record is read: entities are how XML reaches
     * for files and hosts it should not (XXE), and a file that declares one is not a CCIS export.
     */
    private static void refuseDeclaredEntities(BufferedInputStream in) throws IOException, UnreadableFileException {
        in.mark(PROLOG_BYTES);
        byte[] head = in.readNBytes(PROLOG_BYTES);
        in.reset();
        String prolog = new String(head, StandardCharsets.ISO_8859_1);
        int root = prolog.indexOf("<NCCIS");
        Matcher entity = ENTITY_DECLARATION.matcher(root < 0 ? prolog : prolog.substring(0, root));
        if (entity.find()) {
            throw new UnreadableFileException("the file's DOCTYPE declares the entity " + entity.group(1)
                    + ": entities are refused, and so is a file that declares one; nothing of it is read");
        }
    }

    @Override
    public SourceLayout layout() {
        return layout;
    }

    @Override
    public Map<String, String> fileHeader() {
        return header;
    }

    /** Checks the root, reads the FileHeader, and stops on the start tag of the first record. */
    private void readToFirstRecord() throws UnreadableFileException {
        try {
            boolean atRoot = true;
            while (xml.hasNext()) {
                int event = nextEvent();
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String element = local();
                if (atRoot) {
                    if (!element.equals("nccis")) {
                        throw new UnreadableFileException("not an NCCIS file: the root element is <" + xml.getLocalName()
                                + ">, expected <NCCIS>");
                    }
                    atRoot = false;
                } else if (element.equals(HEADER)) {
                    readHeader();
                } else if (element.equals(RECORD)) {
                    atFirstRecord = true;
                    return;
                }
            }
            if (atRoot) {
                throw new UnreadableFileException("the file holds no XML elements");
            }
        } catch (XMLStreamException e) {
            throw unreadable(e);
        } catch (RuntimeException e) {
            throw parserStopped(e, xml.getLocation());
        }
    }

    private void readHeader() throws XMLStreamException, UnreadableFileException {
        StringBuilder leas = new StringBuilder();
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = nextEvent();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String element = xml.getLocalName();
                if (isLeaf(element)) {
                    String text = xml.getElementText().trim();
                    depth--;
                    documentDepth--;
                    if (element.equalsIgnoreCase("LEACode")) {
                        if (!text.isEmpty()) {
                            leas.append(leas.isEmpty() ? "" : ",").append(text);
                        }
                    } else {
                        header.put(element, text);
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (!leas.isEmpty()) {
            header.put("SourceLEAs", leas.toString());
        }
    }

    private static boolean isLeaf(String element) {
        return switch (element.toLowerCase(Locale.ROOT)) {
            case "databases", "sourceleas" -> false;
            default -> true;
        };
    }

    @Override
    public SourceRecord next() throws UnreadableFileException {
        try {
            if (atFirstRecord) {
                atFirstRecord = false;
                return readRecord();
            }
            recordValues = null;
            while (xml.hasNext()) {
                int event = nextEvent();
                if (event == XMLStreamConstants.START_ELEMENT && local().equals(RECORD)) {
                    return readRecord();
                }
            }
            return null;
        } catch (XMLStreamException e) {
            boolean cutShort = e.getMessage() != null && (e.getMessage().contains("same entity")
                    || e.getMessage().contains("end of file"));
            String reason = cutShort && recordValues != null
                    ? "the file ends inside YoungPersonsRecord " + recordNo + ", which starts on line " + recordLine
                            + ": the file is cut short, or its closing tags are missing"
                    : unreadable(e).getMessage();
            throw breaks(reason, cutShort ? "file-cut-short" : "malformed-xml",
                    e.getLocation() == null ? -1 : e.getLocation().getLineNumber());
        } catch (Refused e) {
            throw breaks(e.getMessage(), e.rule, e.line);
        } catch (RuntimeException e) {
            throw breaks(parserStopped(e, xml.getLocation()).getMessage(), "malformed-xml", xml.getLocation() == null ? -1
                    : xml.getLocation().getLineNumber());
        }
    }

    /** Something in a record the hub will not read (an entity, a value too long to be one): the file breaks there. */
    private static final class Refused extends UnreadableFileException {
        private final String rule;
        private final long line;

        Refused(String rule, long line, String reason) {
            super(reason);
            this.rule = rule;
            this.line = line;
        }
    }

    /**
     * The file breaks after its records began: inside a record (what was read of it is kept with the break), or
     * between records (the break is where the parser stopped).
     */
    private FileBreaksException breaks(String reason, String rule, long at) {
        Map<String, String> fragment = new LinkedHashMap<>();
        if (recordValues != null) {
            for (int i = 0; i < recordValues.length; i++) {
                if (recordValues[i] != null && !recordValues[i].isEmpty()) {
                    fragment.put(layout.columns().get(i), recordValues[i]);
                }
            }
            return new FileBreaksException(recordLine, RECORD_ELEMENT + "[" + recordNo + "]", rule, reason, fragment);
        }
        return new FileBreaksException(Math.max(at, 0), null, rule, reason, fragment);
    }

    private static final String RECORD_ELEMENT = "YoungPersonsRecord";
    static final int MAX_DEPTH = 40;
    /** How deep the parser is in the document: its elements open now. */
    private int documentDepth;

    /** Reads one YoungPersonsRecord, positioned on its start tag. */
    private SourceRecord readRecord() throws XMLStreamException, UnreadableFileException {
        recordNo++;
        long line = xml.getLocation().getLineNumber();
        String[] values = new String[layout.size()];
        recordLine = line;
        recordValues = values;
        Deque<String> path = new ArrayDeque<>();
        // per open element: whether it is one the mapping knows (so a child of an unknown one is not named again)
        Deque<Boolean> knownPath = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        List<String> unmapped = null;
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = nextEvent();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    text.setLength(0);
                    boolean parentKnown = knownPath.isEmpty() || knownPath.peekLast();
                    // below an element the mapping does not know, nothing is wanted or named again: no path to build,
                    // so a deep subtree costs the same per element as a shallow one
                    String joined = parentKnown ? (path.isEmpty() ? "" : path.peekLast() + "/") + local() : null;
                    path.addLast(joined == null ? "" : joined);
                    names.addLast(parentKnown ? xml.getLocalName() : "");
                    Integer i = joined == null ? null : wanted.get(joined);
                    if (i != null && values[i] == null) {
                        values[i] = "";  // present, even if it holds only child elements
                    }
                    boolean isKnown = parentKnown && known.contains(joined);
                    knownPath.addLast(isKnown);
                    if (parentKnown && !isKnown && unmappedSeen.add(joined)) {
                        if (unmapped == null) {
                            unmapped = new ArrayList<>(2);
                        }
                        unmapped.add(String.join("/", names));
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    text.append(xml.getText());
                    if (text.length() > maxFieldChars) {
                        throw new Refused("value-too-long", xml.getLocation().getLineNumber(), "line "
                                + xml.getLocation().getLineNumber() + ": a value longer than " + maxFieldChars + " characters");
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (path.isEmpty()) {
                        recordValues = null;
                        return new SourceRecord(line, RECORD_ELEMENT + "[" + recordNo + "]", values, null,
                                unmapped == null ? List.of() : unmapped);
                    }
                    Integer i = knownPath.peekLast() ? wanted.get(path.peekLast()) : null;
                    String value = text.toString().trim();
                    if (i != null && !value.isEmpty()) {
                        values[i] = values[i] == null || values[i].isEmpty() ? value : values[i] + ";" + value;
                    }
                    text.setLength(0);
                    path.removeLast();
                    names.removeLast();
                    knownPath.removeLast();
                }
                default -> {
                    // comments and processing instructions carry no data
                }
            }
        }
        throw breaks("the file ends inside YoungPersonsRecord " + recordNo + ", which starts on line " + line
                + ": the file is cut short, or its closing tags are missing", "file-cut-short", line);
    }

    /**
     * The next parse event, refusing entities and nesting deeper than {@value #MAX_DEPTH} elements: an NCCIS file is a
     * few levels deep, and a file nested a hundred thousand deep is an attack on the reader, not a return.
     */
    private int nextEvent() throws XMLStreamException, UnreadableFileException {
        int event = xml.next();
        refuseEntities(event);
        if (event == XMLStreamConstants.START_ELEMENT && ++documentDepth > MAX_DEPTH) {
            long line = xml.getLocation().getLineNumber();
            throw new Refused("nested-too-deep", line, "line " + line + ": elements are nested more than " + MAX_DEPTH
                    + " deep (at <" + xml.getLocalName() + ">); an NCCIS file is a few levels deep");
        } else if (event == XMLStreamConstants.END_ELEMENT) {
            documentDepth--;
        }
        return event;
    }

    private String local() {
        return xml.getLocalName().toLowerCase(Locale.ROOT);
    }

    private void refuseEntities(int event) throws UnreadableFileException {
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new Refused("entity-refused", xml.getLocation().getLineNumber(), "line " + xml.getLocation().getLineNumber()
                    + ": the file uses the entity &"
                    + xml.getLocalName() + "; - entities are refused (a DOCTYPE line is accepted, but nothing it declares is used)");
        }
    }

    /**
     * The JDK's XML parser sometimes fails on malformed input with an unchecked exception of its own (a control
     * character in a DOCTYPE gives a MissingResourceException) rather than an XMLStreamException: it is the file
     * that is wrong, not the hub, so the file is refused with what is known and not read again at every poll.
     */
    private static UnreadableFileException parserStopped(RuntimeException e, Location at) {
        String where = at == null ? "" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ";
        return new UnreadableFileException(where + "not readable as NCCIS XML (the XML parser stopped on malformed input: "
                + e.getClass().getSimpleName() + ")");
    }

    private static UnreadableFileException unreadable(XMLStreamException e) {
        Location at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ";
        String message = e.getMessage() == null ? "not well-formed XML" : e.getMessage().replaceFirst("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
        return new UnreadableFileException(where + "not readable as NCCIS XML (" + message.trim() + ")");
    }

    @Override
    protected void closeParser() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public String toString() {
        return "NCCIS XML " + name;
    }
}
