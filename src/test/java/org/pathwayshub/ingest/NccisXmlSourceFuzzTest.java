package org.pathwayshub.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pathwayshub.demo.Pupil;
import org.pathwayshub.demo.SyntheticCohort;
import org.pathwayshub.mapping.FeedMapping;

/**
 * The NCCIS XML reader, opened as the nccis-xml feed opens it, on any bytes a CCIS might send: it reads them to the end
 * or refuses them with a reason, and never fails otherwise or hangs ({@link FuzzedDelivery}). {@code mvn verify} fuzzes
 * it for 10 seconds, {@code mvn test -Pfuzz} for 10 minutes (pom.xml).
 */
class NccisXmlSourceFuzzTest {

    private static final FeedMapping NCCIS_XML = FuzzedDelivery.mapping("nccis-xml");

    @MethodSource("trackingFiles")
    @DictionaryEntries({"<NCCIS>", "</NCCIS>", "<FileHeader>", "<YoungPersonsRecord>", "</YoungPersonsRecord>",
            "<PersonalDetails>", "<YoungPersonsID>", "<CharacteristicCode>", "<LEACode>", "<![CDATA[", "]]>", "<!--", "-->",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<!DOCTYPE NCCIS [", "<!ENTITY", "&amp;", "&#x", "/>", "xmlns:"})
    @FuzzTest(maxDuration = "10s")
    void readsAnyTrackingFileToItsEndOrRefusesIt(byte[] delivery) throws Throwable {
        FuzzedDelivery.read(NCCIS_XML, delivery);
    }

    /** Tracking files of made-up young people, as CCIS exports write them: the fuzzer starts from these. */
    static Stream<byte[]> trackingFiles() throws XMLStreamException {
        List<Pupil> people = new ArrayList<>();
        SyntheticCohort.demo(2, 23).forEach(people::add);
        byte[] whole = trackingFile(people, StandardCharsets.UTF_8);
        String text = new String(whole, StandardCharsets.UTF_8);
        String cutShort = text.substring(0, text.indexOf("</Activities>"));
        String withDoctype = text.replace("<NCCIS>", "<!DOCTYPE NCCIS SYSTEM \"nccis.dtd\">\n<NCCIS>");
        return Stream.of(
                whole,
                trackingFile(people, StandardCharsets.UTF_16LE),
                cutShort.getBytes(StandardCharsets.UTF_8),
                withDoctype.getBytes(StandardCharsets.UTF_8));
    }

    /** A file header and one YoungPersonsRecord a person: repeated and unmapped elements, a comment, a CDATA value. */
    private static byte[] trackingFile(List<Pupil> people, Charset encoding) throws XMLStreamException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, encoding.name());
        xml.writeStartDocument(encoding.name(), "1.0");
        xml.writeStartElement("NCCIS");
        xml.writeStartElement("FileHeader");
        element(xml, "DatabaseID", "925");
        xml.writeStartElement("SourceLEAs");
        element(xml, "LEACode", "925");
        element(xml, "LEACode", "926");
        xml.writeEndElement();
        element(xml, "PeriodEnd", "2026-10-31");
        xml.writeEndElement();
        int id = 1;
        for (Pupil p : people) {
            xml.writeStartElement("YoungPersonsRecord");
            xml.writeStartElement("PersonalDetails");
            element(xml, "YoungPersonsID", "925000000000" + id++);
            element(xml, "GivenName", p.forename());
            element(xml, "FamilyName", p.surname());
            element(xml, "DOB", p.dob().toString());
            element(xml, "Postcode", p.postcode());
            element(xml, "UniquePupilNumber", p.upn());
            xml.writeEndElement();
            xml.writeStartElement("LevelOfNeed");
            xml.writeStartElement("Characteristics");
            element(xml, "CharacteristicCode", "120");
            element(xml, "CharacteristicCode", "140");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeComment(" activity as ascertained ");
            xml.writeStartElement("Activities");
            xml.writeStartElement("Cohort");
            element(xml, "ActivityCode", "230");
            xml.writeStartElement("EstablishmentName");
            xml.writeCData("Northmoor College & Sixth Form");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            element(xml, "SupplierNote", "not read by the mapping");
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
        return bytes.toByteArray();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
