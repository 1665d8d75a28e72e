package org.pathwayshub.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * {@code FileHeader} becomes the file header (DatabaseID, SourceLEAs, DateOfSend, PeriodEnd).
 *
 * <p>DTDs are not processed and external entities are never fetched: a DOCTYPE line is tolerated, an
 * entity reference refuses the file.
 */
public final class NccisXmlSource extends StreamedRecordSource {

    static final String RECORD = "youngpersonsrecord";
    private static final String HEADER = "fileheader";

    private final XMLStreamReader xml;
    private final SourceLayout layout;
    private final Map<String, Integer> wanted = new HashMap<>();
    private final Map<String, String> header = new LinkedHashMap<>();
    private final int maxFieldChars;
    private int recordNo;
    private SourceRecord pending;

    private NccisXmlSource(String name, CountingDigestStream counter, XMLStreamReader xml, List<String> columns, int maxFieldChars)
            throws IOException, UnreadableFileException {
        super(name, counter);
        this.xml = xml;
        this.layout = new SourceLayout(columns);
        for (int i = 0; i < columns.size(); i++) {
            wanted.put(SourceLayout.normalise(columns.get(i)), i);
        }
        this.maxFieldChars = maxFieldChars;
        readToFirstRecord();
    }

    /** @param columns the element paths the mapping reads */
    public static NccisXmlSource open(String name, InputStream stream, List<String> columns, int maxFieldChars)
            throws IOException, UnreadableFileException {
        CountingDigestStream counter = new CountingDigestStream(stream);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new BufferedInputStream(counter, 1 << 16));
            return new NccisXmlSource(name, counter, reader, columns, maxFieldChars);
        } catch (XMLStreamException e) {
            counter.close();
            throw unreadable(e);
        } catch (IOException | UnreadableFileException | RuntimeException e) {
            counter.close();
            throw e;
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

    /** Checks the root, reads the FileHeader, and stops at the first record (kept as pending). */
    private void readToFirstRecord() throws UnreadableFileException {
        try {
            boolean atRoot = true;
            while (xml.hasNext()) {
                int event = xml.next();
                refuseEntities(event);
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
                    pending = readRecord();
                    return;
                }
            }
            if (atRoot) {
                throw new UnreadableFileException("the file holds no XML elements");
            }
        } catch (XMLStreamException e) {
            throw unreadable(e);
        }
    }

    private void readHeader() throws XMLStreamException, UnreadableFileException {
        StringBuilder leas = new StringBuilder();
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            refuseEntities(event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String element = xml.getLocalName();
                if (isLeaf(element)) {
                    String text = xml.getElementText().trim();
                    depth--;
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
        if (pending != null) {
            SourceRecord r = pending;
            pending = null;
            return r;
        }
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                refuseEntities(event);
                if (event == XMLStreamConstants.START_ELEMENT && local().equals(RECORD)) {
                    return readRecord();
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw unreadable(e);
        }
    }

    /** Reads one YoungPersonsRecord, positioned on its start tag. */
    private SourceRecord readRecord() throws XMLStreamException, UnreadableFileException {
        recordNo++;
        long line = xml.getLocation().getLineNumber();
        String[] values = new String[layout.size()];
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = xml.next();
            refuseEntities(event);
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    path.addLast(local());
                    text.setLength(0);
                    Integer i = wanted.get(String.join("/", path));
                    if (i != null && values[i] == null) {
                        values[i] = "";  // present, even if it holds only child elements
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    text.append(xml.getText());
                    if (text.length() > maxFieldChars) {
                        throw new UnreadableFileException("line " + xml.getLocation().getLineNumber()
                                + ": a value longer than " + maxFieldChars + " characters");
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (path.isEmpty()) {
                        return new SourceRecord(line, "YoungPersonsRecord[" + recordNo + "]", values, null);
                    }
                    Integer i = wanted.get(String.join("/", path));
                    String value = text.toString().trim();
                    if (i != null && !value.isEmpty()) {
                        values[i] = values[i] == null || values[i].isEmpty() ? value : values[i] + ";" + value;
                    }
                    text.setLength(0);
                    path.removeLast();
                }
                default -> {
                    // comments and processing instructions carry no data
                }
            }
        }
        throw new UnreadableFileException("the file ends inside YoungPersonsRecord " + recordNo + " (cut short?)");
    }

    private String local() {
        return xml.getLocalName().toLowerCase(Locale.ROOT);
    }

    private void refuseEntities(int event) throws UnreadableFileException {
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new UnreadableFileException("line " + xml.getLocation().getLineNumber() + ": the file uses the entity &"
                    + xml.getLocalName() + "; - entities are refused (a DOCTYPE line is accepted, but nothing it declares is used)");
        }
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
