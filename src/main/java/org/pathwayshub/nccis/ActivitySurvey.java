package org.pathwayshub.nccis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.MonthDay;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import javax.sql.DataSource;
import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.system.SpreadsheetSafe;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Annual Activity Survey: each of last summer's Year 11 leavers (academic age 16 in the academic year that starts
 * in September of the survey year) this LA leads on, with their situation on 1 November: the activity spell going on
 * that day, its group (education, employment, training, NEET, not known...), whether they participate, and the school
 * they left. One CSV row each, streamed. A leaver with no activity recorded for that day is "not-known".
 */
@Component
public class ActivitySurvey {

    static final MonthDay SURVEY_DAY = MonthDay.of(11, 1);
    static final String[] COLUMNS = {"YoungPersonsID", "UPN", "ULN", "GivenName", "FamilyName", "DOB", "Gender",
            "Year11School", "SENDFlag", "ActivityCode", "Activity", "ActivityGroup", "Participating", "StartDate"};
    private static final int YEAR_11_LEAVER_AGE = 16;

    private final JdbcTemplate cursor;
    private final TransactionTemplate tx;
    private final LocalAuthority la;
    private final NccisReturn returns;
    private final CodeList activities;

    public ActivitySurvey(DataSource dataSource, TransactionTemplate tx, LocalAuthority la, NccisReturn returns,
                          CodeLists codeLists) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(1_000);
        this.tx = tx;
        this.la = la;
        this.returns = returns;
        this.activities = codeLists.get("activity");
    }

    /** 1 November of the survey year. */
    public static LocalDate surveyDay(int year) {
        return SURVEY_DAY.atYear(year);
    }

    /** Writes the survey of {@code year} as CSV with a header row; returns the young people written. */
    public int write(int year, OutputStream out) {
        LocalDate day = surveyDay(year);
        LocalDate ageDay = AcademicYear.start(day).minusDays(1);
        LocalDate bornAfter = ageDay.minusYears(YEAR_11_LEAVER_AGE + 1);
        LocalDate bornBy = ageDay.minusYears(YEAR_11_LEAVER_AGE);
        returns.allocateYoungPersonsIds(bornAfter, bornBy);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String c : COLUMNS) {
            schema.addColumn(c);
        }
        int[] written = {0};
        tx.executeWithoutResult(status -> {
            try (SequenceWriter csv = new CsvMapper().writer(schema.build()).writeValues(out)) {
                cursor.query(LEAVERS, rs -> {
                    try {
                        csv.write(row(rs));
                        written[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, la.nccisDatabaseId(), la.nccisDatabaseId(), day, day, bornAfter, bornBy, la.code());
            } catch (IOException e) {
                throw new UncheckedIOException("the Annual Activity Survey could not be written", e);
            }
        });
        return written[0];
    }

    private Object[] row(ResultSet rs) throws SQLException {
        String code = trim(rs.getString("activity_code"));
        String group = code == null ? "not-known" : (String) activities.attribute(code, "group");
        Object eet = code == null ? null : activities.attribute(code, "eet");
        Boolean send = (Boolean) rs.getObject("send");
        // every cell a string, empty for "not recorded", so each lands in its column
        return java.util.Arrays.stream(new String[] {rs.getString("ypid"), rs.getString("upn"), rs.getString("uln"),
                rs.getString("given_name"), rs.getString("family_name"), date(rs.getDate("dob")), trim(rs.getString("gender")),
                trim(rs.getString("laestab")), send == null ? null : send ? "Y" : "N", code,
                code == null ? "no activity recorded for the day" : activities.label(code), group,
                Boolean.TRUE.equals(eet) ? "Y" : "N", date(rs.getDate("start_date"))}).map(ActivitySurvey::nullToEmpty)
                .map(SpreadsheetSafe::cell).toArray();
    }

    // Year 11 leavers by date of birth; the school is the last one a census placed them in Year 11; the activity is
    // the spell going on on the survey day. Facts on records merged into the young person count ("family").
    private static final String LEAVERS = """
            select d.given_name, d.family_name, d.dob, d.gender,
              ids.ypid, ids.uln, ids.upn, t.lead_la, t.send, s.laestab, a.activity_code, a.start_date
            from young_person p
            """ + CohortSql.FAMILY + CohortSql.DETAILS + CohortSql.IDENTIFIERS + CohortSql.TRACKING + """
            left join lateral (
              select c.laestab from school_census c where c.hub_id = any(f.family) and c.nc_year = 11
              order by c.census_date desc limit 1) s on true
            """ + CohortSql.ACTIVITY_ON_DAY + """
            where p.merged_into is null and p.dob > ? and p.dob <= ? and (t.lead_la is null or t.lead_la = ?)
            order by s.laestab nulls last, d.family_name, d.given_name, p.hub_id""";

    private static String date(Date d) {
        return d == null ? "" : d.toLocalDate().toString();
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
