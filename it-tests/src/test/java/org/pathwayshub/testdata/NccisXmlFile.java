package org.pathwayshub.testdata;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.pathwayshub.system.IndentedXml;

/**
 * An {@code nccis-xml} file in the shape of docs/nccis.md: a FileHeader, then one YoungPersonsRecord per young person
 * with PersonalDetails, the September Guarantee (Year 11), LevelOfNeed, CharacteristicCode, the current activity
 * under Activities/Cohort and the Year 11 intended destination. Streamed with StAX, UTF-8, indented; empty
 * elements mean "not recorded". The activity is {@link CurrentActivity}'s, so it agrees with the other feeds.
 */
public final class NccisXmlFile {

    /**
     * @param doctype                   write {@code <!DOCTYPE NCCIS SYSTEM "NCCIS.dtd">} as real files do
     * @param neetStartDateVariantShare the share of records spelling the element {@code NeetStartDate}
     */
    public record Options(boolean doctype, double neetStartDateVariantShare) {

        /** As files arrive: a DOCTYPE line and a quarter of records spelling NeetStartDate. */
        public static Options asReceived() {
            return new Options(true, 0.25);
        }

        /** As the requirement spells it: no DOCTYPE, NEETStartDate throughout. */
        public static Options asSpecified() {
            return new Options(false, 0);
        }
    }

    static final String[] ETHNICITIES = {"WBRI", "WIRI", "WROM", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
            "ABAN", "CHNE", "AOTH", "BCRB", "BAFR", "BOTH", "OARA", "OOTH", "REFU", "NOBT"};
    private static final String[] STREETS = {"Mill Lane", "Station Road", "Church Street", "Park View", "Orchard Close",
            "Meadow Way", "Fenside Road"};

    private final LocalDate periodEnd;
    private final String databaseId;
    private final String laCode;
    private final long seed;

    /**
     * @param periodEnd  the last day of the month the return covers; DateOfSend is the day after
     * @param databaseId the 3-digit DatabaseID every YoungPersonsID starts with
     * @param laCode     the sending LA: the header's LEACode and every record's LeadLEA
     */
    public NccisXmlFile(LocalDate periodEnd, String databaseId, String laCode, long seed) {
        this.periodEnd = periodEnd;
        this.databaseId = databaseId;
        this.laCode = laCode;
        this.seed = seed;
    }

    public int write(Iterable<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file) {
        return write(people, variant, file, Options.asReceived(), List.of());
    }

    /**
     * @param extraRecords raw XML appended after the people, each a whole {@code <YoungPersonsRecord>} (tests'
     *                     invalid records); counted in the result
     * @return the YoungPersonsRecords written
     */
    public int write(Iterable<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Path file, Options options,
                     List<String> extraRecords) {
        return AtomicFile.write(file, out -> {
            try {
                return write(people, variant, out, options, extraRecords);
            } catch (XMLStreamException e) {
                throw new IOException("cannot write NCCIS XML", e);
            }
        });
    }

    private int write(Iterable<YoungPerson> people, Function<YoungPerson, YoungPerson> variant, Writer out, Options options,
                      List<String> extraRecords) throws XMLStreamException, IOException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        IndentedXml w = new IndentedXml(xml);
        xml.writeStartDocument("UTF-8", "1.0");
        if (options.doctype()) {
            xml.writeCharacters("\n");
            xml.writeDTD("<!DOCTYPE NCCIS SYSTEM \"NCCIS.dtd\">");
        }
        w.open("NCCIS");
        header(w);
        int records = 0;
        for (YoungPerson p : people) {
            record(w, p, variant.apply(p), options);
            records++;
        }
        for (String raw : extraRecords) {
            xml.writeCharacters("\n  ");
            xml.flush();
            out.write(raw);
            records++;
        }
        w.close();
        xml.writeEndDocument();
        xml.writeCharacters("\n");
        xml.flush();
        xml.close();
        return records;
    }

    private void header(IndentedXml w) throws XMLStreamException {
        w.open("FileHeader");
        w.open("Databases");
        w.element("DatabaseID", databaseId);
        w.close();
        w.open("SourceLEAs");
        w.element("LEACode", laCode);
        w.close();
        w.element("DateOfSend", periodEnd.plusDays(1));
        w.element("PeriodEnd", periodEnd);
        w.element("SupplierName", "Pathways Hub synthetic data");
        w.element("SupplierXMLVersion", "1.0");
        w.element("XMLSchemaVersion", "2021-22");
        w.close();
    }

    private void record(IndentedXml w, YoungPerson truth, YoungPerson sent, Options options) throws XMLStreamException {
        SplittableRandom r = Draws.forPerson(seed, truth.personNo(), "nccis");
        CurrentActivity a = CurrentActivity.of(truth, periodEnd, seed);
        w.open("YoungPersonsRecord");

        w.open("PersonalDetails");
        w.element("YoungPersonsID", sent.ypid());
        w.element("CohortStatus", "P");
        w.element("GivenName", sent.givenName());
        w.element("FamilyName", sent.familyName());
        w.element("AddressLine1", (1 + r.nextInt(120)) + " " + Draws.pick(r, STREETS));
        w.element("Town", "Northmere");
        w.element("Postcode", sent.postcode());
        w.element("Gender", sent.gender());
        w.element("DOB", sent.dob());
        w.element("Ethnicity", r.nextDouble() < 0.7 ? "WBRI" : Draws.pick(r, ETHNICITIES));
        w.element("LeadLEA", laCode);
        w.element("UniqueLearnerNo", sent.uln());
        w.element("UniquePupilNumber", sent.upn());
        w.close();

        if (a.year11() != null) {
            w.open("SeptemberGuarantee");
            w.open("Year11");
            w.element("GuaranteeStatus", a.year11().guaranteeStatus());
            w.element("LEACode", laCode);
            w.close();
            w.close();
        }

        w.open("LevelOfNeed");
        w.element("LevelOfNeedCode", a.levelOfNeed());
        w.element("SENDFlag", truth.send() ? "Y" : "N");
        w.element("SENSupportFlag", truth.senSupport() ? "Y" : "N");
        w.close();
        for (String c : a.characteristics()) {
            w.element("CharacteristicCode", c);
        }

        w.open("Activities");
        w.open("Cohort");
        w.element("ActivityCode", a.activityCode());
        w.element("StartDate", a.startDate());
        w.element("DateAscertained", a.dateAscertained());
        w.element("DateVerified", a.dateVerified());
        w.element("ReviewDate", a.reviewDate());
        w.element("DueToLapseDate", a.dueToLapseDate());
        w.element("CurrencyLapsed", a.currencyLapsed() ? "Y" : "N");
        w.element("EstablishmentNumber", a.establishmentNumber());
        w.element("UKProviderReferenceNumber", a.provider() == null ? null : a.provider().ukprn());
        w.element(r.nextDouble() < options.neetStartDateVariantShare() ? "NeetStartDate" : "NEETStartDate", a.neetStartDate());
        w.element("PredictedEndDate", a.predictedEndDate());
        w.close();
        w.close();

        if (a.year11() != null) {
            w.open("IntendedDestination");
            w.element("IntendedDestinationYr11", a.year11().intendedDestination());
            w.close();
        }
        w.close();
    }
}
