package org.pathwayshub.system;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes XML two spaces a level, one element a line, so a data team can read the file (the NCCIS return, the demo's
 * and the tests' tracking files). Over StAX, so nothing is held in memory but the depth.
 */
public final class IndentedXml {

    private final XMLStreamWriter xml;
    private int depth;

    public IndentedXml(XMLStreamWriter xml) {
        this.xml = xml;
    }

    public void open(String name) throws XMLStreamException {
        newLine();
        xml.writeStartElement(name);
        depth++;
    }

    public void close() throws XMLStreamException {
        depth--;
        newLine();
        xml.writeEndElement();
    }

    /** An element with its value; none at all when the value is null or blank (a return leaves "not recorded" out). */
    public void leaf(String name, Object value) throws XMLStreamException {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        element(name, value);
    }

    /** An element with its value; an empty element when the value is null (a CCIS's file says "not recorded" so). */
    public void element(String name, Object value) throws XMLStreamException {
        newLine();
        if (value == null) {
            xml.writeEmptyElement(name);
        } else {
            xml.writeStartElement(name);
            xml.writeCharacters(value.toString());
            xml.writeEndElement();
        }
    }

    private void newLine() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
