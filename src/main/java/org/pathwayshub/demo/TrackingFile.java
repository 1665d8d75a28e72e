package org.pathwayshub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.pathwayshub.system.IndentedXml;

/**
 * Writes a {@link TrackedCohort} as the CCIS's monthly NCCIS XML file that the {@code nccis-xml} feed reads
 * (mappings/feeds/nccis-xml.yaml, docs/nccis.md): a FileHeader, then one YoungPersonsRecord a young person with
 * PersonalDetails, LevelOfNeed and the current activity under Activities/Cohort; a leaver with no activity yet has no
 * Activities. Streamed, one record at a time, and moved into place whole.
 */
public final class TrackingFile {

    private static final String[] STREETS = {"Mill Lane", "Station Road", "Church Street", "Park View", "Orchard Close",
            "Meadow Way", "Fenside Road"};
    private static final String[] ETHNICITIES = {"WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "APKN",
            "AIND", "BAFR", "BCRB", "CHNE", "AOTH", "OOTH"};

    private TrackingFile() {
    }

    /** @return the YoungPersonsRecords written */
    public static long write(TrackedCohort cohort, Path file, long seed) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            long records;
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                records = write(cohort, out, new SplittableRandom(seed));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("cannot write NCCIS XML to " + file, e));
        }
    }

    private static long write(TrackedCohort cohort, Writer out, SplittableRandom r) throws XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        IndentedXml w = new IndentedXml(xml);
        xml.writeStartDocument("UTF-8", "1.0");
        w.open("NCCIS");
        w.open("FileHeader");
        w.open("Databases");
        w.element("DatabaseID", cohort.databaseId());
        w.close();
        w.open("SourceLEAs");
        w.element("LEACode", cohort.laCode());
        w.close();
        w.element("DateOfSend", cohort.periodEnd().plusDays(1));
        w.element("PeriodEnd", cohort.periodEnd());
        w.element("SupplierName", "Pathways Hub demo (synthetic data)");
        w.element("SupplierXMLVersion", "1.0");
        w.element("XMLSchemaVersion", "2021-22");
        w.close();
        long records = 0;
        for (TrackedCohort.Tracked t : cohort) {
            record(w, t, cohort.laCode(), r);
            records++;
        }
        w.close();
        xml.writeEndDocument();
        xml.writeCharacters("\n");
        xml.flush();
        xml.close();
        return records;
    }

    private static void record(IndentedXml w, TrackedCohort.Tracked t, String laCode, SplittableRandom r)
            throws XMLStreamException {
        Pupil p = t.pupil();
        w.open("YoungPersonsRecord");
        w.open("PersonalDetails");
        w.element("YoungPersonsID", t.youngPersonsId());
        w.element("CohortStatus", "P");
        w.element("GivenName", p.forename());
        if (!p.middleNames().isEmpty()) {
            w.element("MiddleName", p.middleNames());
        }
        w.element("FamilyName", p.surname());
        w.element("AddressLine1", (1 + r.nextInt(120)) + " " + STREETS[r.nextInt(STREETS.length)]);
        w.element("Town", "Northmoor");
        w.element("Postcode", p.postcode());
        w.element("Gender", p.gender());
        w.element("DOB", p.dob());
        w.element("Ethnicity", ETHNICITIES[r.nextInt(ETHNICITIES.length)]);
        w.element("LeadLEA", laCode);
        w.element("UniquePupilNumber", p.upn());
        w.close();

        w.open("LevelOfNeed");
        w.element("LevelOfNeedCode", t.levelOfNeed());
        w.element("SENDFlag", t.send() ? "Y" : "N");
        w.element("SENSupportFlag", t.senSupport() ? "Y" : "N");
        w.close();

        TrackedCohort.Activity a = t.activity();
        if (a != null) {
            w.open("Activities");
            w.open("Cohort");
            w.element("ActivityCode", a.code());
            w.element("StartDate", a.start());
            w.element("DateAscertained", a.ascertained());
            w.element("DateVerified", a.verified());
            w.element("ReviewDate", a.reviewDate());
            w.element("DueToLapseDate", a.dueToLapse());
            w.element("CurrencyLapsed", a.currencyLapsed() ? "Y" : "N");
            w.element("NEETStartDate", a.neetStart());
            w.element("PredictedEndDate", a.predictedEnd());
            w.close();
            w.close();
        }
        w.close();
    }
}
