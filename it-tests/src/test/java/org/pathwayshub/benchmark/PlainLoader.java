package org.pathwayshub.benchmark;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The baseline the hub is measured against, in the same run and the same PostgreSQL: a plain program that parses the
 * same file (Jackson CSV, or StAX for NCCIS XML) and {@code COPY}s each record's values into one table with the
 * record's key as its primary key, in one transaction. No checks, no identity, no history, no accounting: what the
 * database can take from a streamed parse. And the other way: the loaded NCCIS table read through a cursor and written
 * as NCCIS XML, one record per row, each value in its element.
 */
final class PlainLoader {

    private static final int BUFFER = 1 << 16;

    private final DataSource dataSource;

    PlainLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Census columns, typed as the hub types them; UPN is the key. */
    long census(Path file) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists baseline_census");
                s.execute("""
                        create table baseline_census (upn text primary key, forename text, middle_names text, surname text,
                          dob date, gender text, postcode text, laestab text, nc_year int, fsm boolean, sen_provision text,
                          first_language text, census_date date)""");
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy baseline_census from stdin (format csv)""");
            long rows = 0;
            CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
            CopyBuffer out = new CopyBuffer(copy);
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 MappingIterator<String[]> it = mapper.readerFor(String[].class).with(CsvSchema.emptySchema().withSkipFirstDataRow(true))
                         .readValues(in)) {
                while (it.hasNext()) {
                    String[] row = it.next();
                    if (row.length < 13) {
                        continue;
                    }
                    for (int i = 0; i < 13; i++) {
                        out.csvField(row[i], i == 12);
                    }
                    rows++;
                }
            }
            out.end();
            c.commit();
            return rows;
        }
    }

    /** The NCCIS elements the hub's nccis-xml mapping reads, by path under YoungPersonsRecord; YoungPersonsID is the key. */
    static final List<String> NCCIS_ELEMENTS = List.of("PersonalDetails/YoungPersonsID", "PersonalDetails/CohortStatus",
            "PersonalDetails/GivenName", "PersonalDetails/MiddleName", "PersonalDetails/FamilyName",
            "PersonalDetails/AddressLine1", "PersonalDetails/AddressLine2", "PersonalDetails/AddressLine3",
            "PersonalDetails/AddressLine4", "PersonalDetails/Town", "PersonalDetails/County", "PersonalDetails/Postcode",
            "PersonalDetails/Gender", "PersonalDetails/DOB", "PersonalDetails/Ethnicity", "PersonalDetails/LeadLEA",
            "PersonalDetails/EducatedLEA", "PersonalDetails/TransferredToLACode", "PersonalDetails/LEACodeAtYear11",
            "PersonalDetails/UniqueLearnerNo", "PersonalDetails/UniquePupilNumber",
            "PersonalDetails/GuaranteeStatusIndicator", "PersonalDetails/PreviousYPIDIdentifier",
            "SeptemberGuarantee/Year11/GuaranteeStatus", "SeptemberGuarantee/Year11/LEACode",
            "SeptemberGuarantee/Year12/GuaranteeStatus", "SeptemberGuarantee/Year12/LEACode", "LevelOfNeed/LevelOfNeedCode",
            "LevelOfNeed/SENDFlag", "LevelOfNeed/SENSupportFlag", "Activities/Cohort/ActivityCode",
            "Activities/Cohort/StartDate", "Activities/Cohort/DateAscertained", "Activities/Cohort/DateVerified",
            "Activities/Cohort/ReviewDate", "Activities/Cohort/DueToLapseDate", "Activities/Cohort/CurrencyLapsed",
            "Activities/Cohort/EstablishmentNumber", "Activities/Cohort/EstablishmentName",
            "Activities/Cohort/UKProviderReferenceNumber", "Activities/Cohort/NEETStartDate",
            "Activities/Cohort/PredictedEndDate", "IntendedDestination/IntendedDestinationYr11", "CharacteristicCode");

    private static final List<String> NCCIS_DATES = List.of("PersonalDetails/DOB", "Activities/Cohort/StartDate",
            "Activities/Cohort/DateAscertained", "Activities/Cohort/DateVerified", "Activities/Cohort/ReviewDate",
            "Activities/Cohort/DueToLapseDate", "Activities/Cohort/NEETStartDate", "Activities/Cohort/PredictedEndDate");

    long nccis(Path file) throws IOException, SQLException, XMLStreamException {
        Map<String, Integer> column = new HashMap<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < NCCIS_ELEMENTS.size(); i++) {
            String path = NCCIS_ELEMENTS.get(i);
            column.put(path, i);
            columns.add("c" + i + (i == 0 ? " text primary key" : NCCIS_DATES.contains(path) ? " date" : " text"));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists baseline_nccis");
                s.execute("create table baseline_nccis (" + String.join(", ", columns) + ")");
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy baseline_nccis from stdin (format csv)");
            CopyBuffer out = new CopyBuffer(copy);
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            long records = 0;
            try (InputStream in = Files.newInputStream(file)) {
                XMLStreamReader xml = factory.createXMLStreamReader(in);
                String[] values = null;
                StringBuilder path = new StringBuilder();
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        String name = xml.getLocalName();
                        if (values == null) {
                            if (name.equals("YoungPersonsRecord")) {
                                values = new String[NCCIS_ELEMENTS.size()];
                                path.setLength(0);
                            }
                            continue;
                        }
                        int mark = path.length();
                        if (mark > 0) {
                            path.append('/');
                        }
                        path.append(name);
                        Integer i = column.get(path.toString());
                        if (i != null) {
                            String text = xml.getElementText().strip();
                            if (!text.isEmpty()) {
                                values[i] = values[i] == null ? text : values[i] + ";" + text;
                            }
                            path.setLength(mark);
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT && values != null) {
                        if (xml.getLocalName().equals("YoungPersonsRecord")) {
                            for (int i = 0; i < values.length; i++) {
                                out.csvField(values[i], i == values.length - 1);
                            }
                            records++;
                            values = null;
                        } else {
                            int slash = path.lastIndexOf("/");
                            path.setLength(Math.max(slash, 0));
                        }
                    }
                }
                xml.close();
            }
            out.end();
            c.commit();
            return records;
        }
    }

    /** Writes every row of the NCCIS table {@link #nccis} loaded as a YoungPersonsRecord; returns how many. */
    long writeNccis(Path file) throws IOException, SQLException, XMLStreamException {
        try (Connection c = dataSource.getConnection();
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            c.setAutoCommit(false);
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("NCCIS");
            long records = 0;
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1_000);
                try (ResultSet rs = s.executeQuery("select * from baseline_nccis")) {
                    while (rs.next()) {
                        xml.writeStartElement("YoungPersonsRecord");
                        for (int i = 0; i < NCCIS_ELEMENTS.size(); i++) {
                            String value = rs.getString(i + 1);
                            if (value != null) {
                                String[] path = NCCIS_ELEMENTS.get(i).split("/");
                                for (String element : path) {
                                    xml.writeStartElement(element);
                                }
                                xml.writeCharacters(value);
                                for (int e = 0; e < path.length; e++) {
                                    xml.writeEndElement();
                                }
                            }
                        }
                        xml.writeEndElement();
                        records++;
                    }
                }
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            c.commit();
            return records;
        }
    }

    void dropTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists baseline_census");
            s.execute("drop table if exists baseline_nccis");
        }
    }

    /** CSV rows written into the COPY stream in 64 KB writes. */
    private static final class CopyBuffer {
        private final CopyIn copy;
        private final StringBuilder row = new StringBuilder(BUFFER);

        CopyBuffer(CopyIn copy) {
            this.copy = copy;
        }

        void csvField(String value, boolean last) throws SQLException {
            if (value != null && !value.isEmpty()) {
                if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    row.append('"').append(value.replace("\"", "\"\"")).append('"');
                } else {
                    row.append(value);
                }
            }
            row.append(last ? '\n' : ',');
            if (last && row.length() > BUFFER - 4096) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            row.setLength(0);
        }

        void end() throws SQLException {
            flush();
            copy.endCopy();
        }
    }
}
