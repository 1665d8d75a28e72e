package org.pathwayshub.nccis;

import java.io.OutputStream;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.pathwayshub.record.AcademicYear;
import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.routing.LocalAuthority;
import org.pathwayshub.system.IndentedXml;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly NCCIS return: one {@code YoungPersonsRecord} per young person in the NCCIS cohort at the period end,
 * as the hub knows them from every feed, in the layout the nccis-xml feed reads (docs/nccis.md). Streamed: rows come
 * from a database cursor and go straight to the writer, so a cohort of any size fits in a small heap.
 *
 * <p>The cohort: the young people this LA leads on (lead LA this LA, or not yet recorded) of academic age 15 to 17
 * (Year 11 to Year 13), and 18 to 25 with SEND. Each is reported under a YoungPersonsID of this LA's database: one a
 * CCIS gave them, else one the hub allocates (kept); a YoungPersonsID from another database goes in
 * PreviousYPIDIdentifier when the record has none. Facts are the latest the hub
 * holds when the return is written (so a record fixed at source after the period end goes out fixed): the tracking
 * status and September Guarantee last reported, the activity spell started most recently by the period end, and the
 * NCCIS characteristics holding on it. An activity a feed other than the CCIS gave (an enrolment) carries no currency:
 * the return says it was ascertained when the hub learnt of it (or when it started, if later), lapses
 * {@code currencyMonths} (activity.yaml) later or at its predicted end if sooner, and has lapsed if that day is before
 * the period end. SENDFlag and SENSupportFlag not given by any tracking source come from the school census's SEN
 * provision (sen-provision.yaml). A young person who has left the cohort
 * (status A, T, E, M, D or L) is reported in the first return written after they left, and not again.
 */
@Component
public class NccisReturn {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NccisReturn.class);

    static final String SUPPLIER = "Pathways Hub";
    static final String SCHEMA_VERSION = "1.0";
    private static final int OLDEST_AGE = 25;
    private static final int YOUNGEST_AGE = 15;
    private static final int OLDEST_WITHOUT_SEND = 17;
    private static final String SOURCE_FEED = "nccis-return";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;
    private final TransactionTemplate tx;
    private final LocalAuthority la;
    private final CodeLists codeLists;
    private final Set<String> leavingStatuses;
    private final java.util.concurrent.atomic.AtomicLong skippedWithoutId = new java.util.concurrent.atomic.AtomicLong();

    public NccisReturn(JdbcTemplate jdbc, DataSource dataSource, TransactionTemplate tx, LocalAuthority la, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(1_000);
        this.tx = tx;
        this.la = la;
        this.codeLists = codeLists;
        CodeList statuses = codeLists.get("cohort-status");
        this.leavingStatuses = statuses.codes().stream().filter(c -> Boolean.TRUE.equals(statuses.attribute(c, "leaving")))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The period end (last day of the month) of {@code yyyy-MM}; IllegalArgumentException naming what is expected. */
    public static LocalDate periodEnd(String yearMonth) {
        try {
            return YearMonth.parse(yearMonth).atEndOfMonth();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a period as yyyy-MM, such as 2025-01 (got '" + yearMonth + "')");
        }
    }

    /** One young person written to a return, for the caller to keep (the leavers reported, a count). */
    public record Reported(UUID hubId, String youngPersonsId, String cohortStatus) {
    }

    /**
     * Writes the return for the period ending {@code periodEnd} to {@code out}. Young people in the cohort who have
     * no YoungPersonsID are given one first (kept: the next return uses it again).
     *
     * @param each told of every young person written, in file order
     * @return how many records were written
     */
    public int write(LocalDate periodEnd, LocalDate dateOfSend, OutputStream out, Consumer<Reported> each) {
        LocalDate yearStart = AcademicYear.start(periodEnd);
        LocalDate ageDay = yearStart.minusDays(1);
        // academic age a (age on the 31 August before the academic year) means born after ageDay - (a + 1) years
        LocalDate bornAfter = ageDay.minusYears(OLDEST_AGE + 1);
        LocalDate bornBy = ageDay.minusYears(YOUNGEST_AGE);
        allocateYoungPersonsIds(bornAfter, bornBy);
        String[] nccisCharacteristics = nccisCharacteristics();
        String db = la.nccisDatabaseId();
        int[] written = {0};
        long skippedBefore = skippedWithoutId.get();
        tx.executeWithoutResult(status -> {
            try {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                IndentedXml w = new IndentedXml(xml);
                xml.writeStartDocument("UTF-8", "1.0");
                w.open("NCCIS");
                header(w, periodEnd, dateOfSend);
                cursor.query(RECORDS, rs -> {
                    try {
                        Reported reported = record(w, rs, periodEnd, ageDay, bornAfter, bornBy);
                        if (reported != null) {
                            written[0]++;
                            each.accept(reported);
                        }
                    } catch (XMLStreamException e) {
                        throw new ReturnNotWritten(e);
                    }
                }, db, db, periodEnd, periodEnd, periodEnd, nccisCharacteristics, periodEnd, periodEnd, periodEnd, bornAfter,
                        bornBy, la.code());
                w.close();
                xml.writeEndDocument();
                xml.flush();
            } catch (XMLStreamException e) {
                throw new ReturnNotWritten(e);
            }
        });
        long skipped = skippedWithoutId.get() - skippedBefore;
        if (skipped > 0) {
            log.warn("NCCIS return for {}: {} young people added while it was written have no YoungPersonsID yet; "
                    + "they are in the next return", periodEnd, skipped);
        }
        return written[0];
    }

    /** The return could not be written (the client went away, the disk is full). */
    public static final class ReturnNotWritten extends RuntimeException {
        ReturnNotWritten(Throwable cause) {
            super("the NCCIS return could not be written: " + cause.getMessage(), cause);
        }
    }

    private String[] nccisCharacteristics() {
        CodeList list = codeLists.get("characteristic");
        return list.codes().stream().filter(c -> Boolean.TRUE.equals(list.attribute(c, "nccis"))).toArray(String[]::new);
    }

    /**
     * Gives every young person of the cohort's ages without a YoungPersonsID of this LA's database one. Each "has one"
     * test is an index lookup by person (an OR of the person and the records merged into them would compare every
     * person with every YoungPersonsID: minutes at a million).
     */
    void allocateYoungPersonsIds(LocalDate bornAfter, LocalDate bornBy) {
        tx.executeWithoutResult(status -> jdbc.update("""
                insert into person_identifier (scheme, value, hub_id, source_feed)
                select 'YPID', ? || lpad(nextval('nccis_local_id')::text, 10, '0'), p.hub_id, ?
                from young_person p
                where p.merged_into is null and p.dob > ? and p.dob <= ?
                  and not exists (select 1 from person_identifier i
                                  where i.hub_id = p.hub_id and i.scheme = 'YPID' and i.value like ? || '%')
                  and not exists (select 1 from young_person m join person_identifier i on i.hub_id = m.hub_id
                                  where m.merged_into = p.hub_id and i.scheme = 'YPID' and i.value like ? || '%')
                on conflict do nothing""", la.nccisDatabaseId(), SOURCE_FEED, bornAfter, bornBy, la.nccisDatabaseId(),
                la.nccisDatabaseId()));
    }

    // The young people, one row each, with the latest the hub holds of them. A young person's facts may sit on
    // person records merged into them: "family" is the person and every record merged into them. Tracking status and
    // the September Guarantee are kept per source (a provider's extract carries the level of need only, a destinations
    // file the Year 11 offer only), so each value is the latest any source gave, not the latest source's row. So too
    // the current activity spell ("s"): the CCIS and a college may both report it (same code, same start), the college
    // without the currency the CCIS keeps.
    private static final String RECORDS = """
            select p.hub_id, d.given_name, d.middle_names, d.family_name, d.address_line1, d.address_line2, d.address_line3,
              d.address_line4, d.town, d.county, d.postcode, d.gender, d.dob, d.ethnicity,
              ids.ypid, ids.uln, ids.upn, ids.other_ypid,
              t.cohort_status, t.lead_la, t.educated_la, t.transferred_to_la, t.la_at_year11, t.previous_ypid,
              t.guarantee_indicator, t.level_of_need, t.send, t.sen_support,
              g11.status as year11_status, g11.la_code as year11_la, g12.status as year12_status, g12.la_code as year12_la,
              g11.intended_destination,
              a.activity_code, a.start_date, s.date_ascertained, s.date_verified, s.review_date, s.due_to_lapse_date,
              s.currency_lapsed, s.establishment_number, s.establishment_name, s.ukprn, s.neet_start_date,
              s.predicted_end_date, s.first_recorded_at as activity_recorded_at, sc.sen_provision, ch.codes, left_before.reported as reported_leaving
            from young_person p
            """ + CohortSql.FAMILY + CohortSql.DETAILS + CohortSql.IDENTIFIERS + CohortSql.TRACKING + """
            left join lateral (
              select (array_agg(g.guarantee_status order by g.recorded_at desc) filter (where g.guarantee_status is not null))[1] as status,
                (array_agg(g.la_code order by g.recorded_at desc) filter (where g.la_code is not null))[1] as la_code,
                (array_agg(g.intended_destination order by g.recorded_at desc) filter (where g.intended_destination is not null))[1]
                  as intended_destination
              from september_guarantee g where g.hub_id = any(f.family) and g.year_group = 11) g11 on true
            left join lateral (
              select (array_agg(g.guarantee_status order by g.recorded_at desc) filter (where g.guarantee_status is not null))[1] as status,
                (array_agg(g.la_code order by g.recorded_at desc) filter (where g.la_code is not null))[1] as la_code
              from september_guarantee g where g.hub_id = any(f.family) and g.year_group = 12) g12 on true
            """ + CohortSql.ACTIVITY_ON_DAY + """
            left join lateral (
              select (array_agg(x.date_ascertained order by x.recorded_at desc) filter (where x.date_ascertained is not null))[1]
                  as date_ascertained,
                (array_agg(x.date_verified order by x.recorded_at desc) filter (where x.date_verified is not null))[1] as date_verified,
                (array_agg(x.review_date order by x.recorded_at desc) filter (where x.review_date is not null))[1] as review_date,
                (array_agg(x.due_to_lapse_date order by x.recorded_at desc) filter (where x.due_to_lapse_date is not null))[1]
                  as due_to_lapse_date,
                (array_agg(x.currency_lapsed order by x.recorded_at desc) filter (where x.currency_lapsed is not null))[1]
                  as currency_lapsed,
                (array_agg(x.establishment_number order by x.recorded_at desc) filter (where x.establishment_number is not null))[1]
                  as establishment_number,
                (array_agg(x.establishment_name order by x.recorded_at desc) filter (where x.establishment_name is not null))[1]
                  as establishment_name,
                (array_agg(x.ukprn order by x.recorded_at desc) filter (where x.ukprn is not null))[1] as ukprn,
                (array_agg(x.neet_start_date order by x.recorded_at desc) filter (where x.neet_start_date is not null))[1]
                  as neet_start_date,
                (array_agg(x.predicted_end_date order by x.recorded_at desc) filter (where x.predicted_end_date is not null))[1]
                  as predicted_end_date,
                min(x.recorded_at) as first_recorded_at
              from activity x where x.hub_id = any(f.family) and x.activity_code = a.activity_code
                and x.start_date is not distinct from a.start_date and not coalesce(x.withdrawn, false)) s on true
            left join lateral (
              select c.sen_provision from school_census c where c.hub_id = any(f.family) and c.census_date <= ?
              order by c.census_date desc limit 1) sc on true
            left join lateral (
              select array_agg(distinct c.code order by c.code) as codes from characteristic c
              where c.hub_id = any(f.family) and c.code = any(?) and (c.from_date is null or c.from_date <= ?)
                and (c.to_date is null or c.to_date >= ?)) ch on true
            left join lateral (
              select true as reported from nccis_return_leaver l where l.hub_id = any(f.family)
                and l.cohort_status = t.cohort_status and l.period_end < ? limit 1) left_before on true
            where p.merged_into is null and (p.dob is null or (p.dob > ? and p.dob <= ?))
              and (t.lead_la is null or t.lead_la = ?)
            order by p.dob, p.hub_id""";

    private void header(IndentedXml w, LocalDate periodEnd, LocalDate dateOfSend) throws XMLStreamException {
        w.open("FileHeader");
        w.open("Databases");
        w.leaf("DatabaseID", la.nccisDatabaseId());
        w.close();
        w.open("SourceLEAs");
        w.leaf("LEACode", la.code());
        w.close();
        w.leaf("DateOfSend", dateOfSend.toString());
        w.leaf("PeriodEnd", periodEnd.toString());
        w.leaf("SupplierName", SUPPLIER);
        w.leaf("SupplierXMLVersion", NccisReturn.class.getPackage().getImplementationVersion() == null ? "development"
                : NccisReturn.class.getPackage().getImplementationVersion());
        w.leaf("XMLSchemaVersion", SCHEMA_VERSION);
        w.close();
    }

    /** Writes the row's young person, or skips them (not in the cohort, or a leaver already reported): null then. */
    private Reported record(IndentedXml w, ResultSet rs, LocalDate periodEnd, LocalDate ageDay, LocalDate bornAfter, LocalDate bornBy)
            throws SQLException, XMLStreamException {
        LocalDate dob = rs.getObject("dob", LocalDate.class);
        if (dob == null || !dob.isAfter(bornAfter) || dob.isAfter(bornBy)) {
            return null;  // the date of birth on a record merged into them puts them outside the cohort's ages
        }
        String status = trim(rs.getString("cohort_status"));
        if (status == null) {
            status = "P";
        }
        boolean leaving = leavingStatuses.contains(status);
        if (leaving && rs.getObject("reported_leaving") != null) {
            return null;  // reported in an earlier return
        }
        int age = AcademicYear.yearsBetween(dob, ageDay);
        Boolean send = (Boolean) rs.getObject("send");
        if (!leaving && age > OLDEST_WITHOUT_SEND && !Boolean.TRUE.equals(send)) {
            return null;  // past 17 a young person is tracked only with SEND; one leaving is reported whatever their age
        }
        String ypid = rs.getString("ypid");
        if (ypid == null) {
            skippedWithoutId.incrementAndGet();
            return null;  // came in after the YoungPersonsIDs were given out: in the next return
        }
        String leadLa = trim(rs.getString("lead_la"));
        w.open("YoungPersonsRecord");
        w.open("PersonalDetails");
        w.leaf("YoungPersonsID", ypid);
        w.leaf("CohortStatus", status);
        w.leaf("GivenName", rs.getString("given_name"));
        w.leaf("MiddleName", rs.getString("middle_names"));
        w.leaf("FamilyName", rs.getString("family_name"));
        w.leaf("AddressLine1", rs.getString("address_line1"));
        w.leaf("AddressLine2", rs.getString("address_line2"));
        w.leaf("AddressLine3", rs.getString("address_line3"));
        w.leaf("AddressLine4", rs.getString("address_line4"));
        w.leaf("Town", rs.getString("town"));
        w.leaf("County", rs.getString("county"));
        w.leaf("Postcode", rs.getString("postcode"));
        w.leaf("Gender", trim(rs.getString("gender")));
        w.leaf("DOB", dob.toString());
        w.leaf("Ethnicity", rs.getString("ethnicity"));
        w.leaf("LeadLEA", leadLa == null ? la.code() : leadLa);
        w.leaf("EducatedLEA", trim(rs.getString("educated_la")));
        w.leaf("TransferredToLACode", trim(rs.getString("transferred_to_la")));
        w.leaf("LEACodeAtYear11", trim(rs.getString("la_at_year11")));
        w.leaf("UniqueLearnerNo", rs.getString("uln"));
        w.leaf("UniquePupilNumber", rs.getString("upn"));
        w.leaf("GuaranteeStatusIndicator", trim(rs.getString("guarantee_indicator")));
        String previous = rs.getString("previous_ypid");
        w.leaf("PreviousYPIDIdentifier", previous != null ? previous : rs.getString("other_ypid"));
        w.close();

        String y11 = rs.getString("year11_status");
        String y11La = trim(rs.getString("year11_la"));
        String y12 = rs.getString("year12_status");
        String y12La = trim(rs.getString("year12_la"));
        if (y11 != null || y11La != null || y12 != null || y12La != null) {
            w.open("SeptemberGuarantee");
            if (y11 != null || y11La != null) {
                w.open("Year11");
                w.leaf("GuaranteeStatus", y11);
                w.leaf("LEACode", y11La);
                w.close();
            }
            if (y12 != null || y12La != null) {
                w.open("Year12");
                w.leaf("GuaranteeStatus", y12);
                w.leaf("LEACode", y12La);
                w.close();
            }
            w.close();
        }

        w.open("LevelOfNeed");
        w.leaf("LevelOfNeedCode", trim(rs.getString("level_of_need")));
        Boolean senSupport = (Boolean) rs.getObject("sen_support");
        String provision = trim(rs.getString("sen_provision"));
        if (provision != null) {
            // what the school census last said (sen-provision.yaml), where no tracking source said anything
            CodeList provisions = codeLists.get("sen-provision");
            send = send != null ? send : provisions.attribute(provision, "send") instanceof Boolean b ? b : null;
            senSupport = senSupport != null ? senSupport
                    : provisions.attribute(provision, "senSupport") instanceof Boolean b ? b : null;
        }
        w.leaf("SENDFlag", yesNo(send));
        w.leaf("SENSupportFlag", yesNo(senSupport));
        List<String> characteristics = codes(rs.getArray("codes"));
        if (!characteristics.isEmpty()) {
            w.open("Characteristics");
            for (String code : characteristics) {
                w.leaf("CharacteristicCode", code);
            }
            w.close();
        }
        w.close();

        String activity = trim(rs.getString("activity_code"));
        if (activity != null) {
            w.open("Activities");
            w.open("Cohort");
            w.leaf("ActivityCode", activity);
            Currency currency = currency(rs, activity, periodEnd);
            w.leaf("StartDate", date(rs, "start_date"));
            w.leaf("DateAscertained", string(currency.ascertained()));
            w.leaf("DateVerified", date(rs, "date_verified"));
            w.leaf("ReviewDate", date(rs, "review_date"));
            w.leaf("DueToLapseDate", string(currency.dueToLapse()));
            w.leaf("CurrencyLapsed", yesNo(currency.lapsed()));
            w.leaf("EstablishmentNumber", trim(rs.getString("establishment_number")));
            w.leaf("EstablishmentName", rs.getString("establishment_name"));
            w.leaf("UKProviderReferenceNumber", trim(rs.getString("ukprn")));
            w.leaf("NEETStartDate", date(rs, "neet_start_date"));
            w.leaf("PredictedEndDate", date(rs, "predicted_end_date"));
            w.close();
            w.close();
        }

        String intended = rs.getString("intended_destination");
        if (intended != null) {
            w.open("IntendedDestination");
            w.leaf("IntendedDestinationYr11", intended);
            w.close();
        }
        w.close();
        return new Reported((UUID) rs.getObject("hub_id"), ypid, status);
    }

    /** When the activity was ascertained, when its currency lapses and whether it has by the period end. */
    private record Currency(LocalDate ascertained, LocalDate dueToLapse, Boolean lapsed) {
    }

    /**
     * The activity's currency as the source sent it, or as the hub can say it for a source that sends none: ascertained
     * when the hub learnt of it (its start, if later), lapsing {@code currencyMonths} later or at its predicted end if
     * sooner (for activities that lapse), lapsed if that day is before the period end (as sent when there is no such
     * day, N if nothing was sent).
     */
    private Currency currency(ResultSet rs, String activity, LocalDate periodEnd) throws SQLException {
        LocalDate start = localDate(rs, "start_date");
        LocalDate ascertained = localDate(rs, "date_ascertained");
        if (ascertained == null) {
            java.sql.Timestamp learnt = rs.getTimestamp("activity_recorded_at");
            ascertained = learnt == null ? start : latest(start, learnt.toLocalDateTime().toLocalDate());
        }
        LocalDate dueToLapse = localDate(rs, "due_to_lapse_date");
        CodeList activities = codeLists.get("activity");
        if (dueToLapse == null && ascertained != null && Boolean.TRUE.equals(activities.attribute(activity, "needsDueToLapse"))
                && activities.attribute(activity, "currencyMonths") instanceof Number months) {
            dueToLapse = ascertained.plusMonths(months.longValue());
            LocalDate predictedEnd = localDate(rs, "predicted_end_date");
            if (predictedEnd != null && predictedEnd.isBefore(dueToLapse)) {
                dueToLapse = predictedEnd;
            }
        }
        // as at this period end: a CurrencyLapsed N sent months ago is Y once its DueToLapseDate has passed
        Boolean sent = (Boolean) rs.getObject("currency_lapsed");
        boolean lapsed = dueToLapse == null || dueToLapse.equals(periodEnd) ? Boolean.TRUE.equals(sent)
                : dueToLapse.isBefore(periodEnd);
        return new Currency(ascertained, dueToLapse, lapsed);
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static String string(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static List<String> codes(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        for (Object code : (Object[]) array.getArray()) {
            if (code != null) {
                codes.add(code.toString());
            }
        }
        return codes;
    }

    private static String date(ResultSet rs, String column) throws SQLException {
        return string(localDate(rs, column));
    }

    private static String yesNo(Boolean b) {
        return b == null ? null : b ? "Y" : "N";
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Cohort statuses that say the young person has left the cohort ({@code leaving: true} in cohort-status.yaml). */
    boolean isLeaving(String cohortStatus) {
        return leavingStatuses.contains(cohortStatus);
    }
}
