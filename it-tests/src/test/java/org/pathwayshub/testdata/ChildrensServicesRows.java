package org.pathwayshub.testdata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Rows of the {@code childrens-services} view an LA's social care database exposes. The flags agree with the
 * young person's NCCIS characteristics (110 looked after, 160 care leaver, 140 young carer, 170 supervised by
 * youth justice); everyone listed is known to children's services for something. Social care often lacks the
 * UPN: about one row in five has none and one in twenty the placeholder UN1.
 */
public final class ChildrensServicesRows {

    /** The view's columns, in order. */
    public static final List<String> COLUMNS = List.of("person_ref", "upn", "forename", "surname", "dob", "postcode",
            "looked_after_from", "looked_after_to", "care_leaver", "child_in_need", "early_help_from", "young_carer",
            "yjs_supervised_from", "yjs_custody_from", "updated_at");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** One row of the view; null dates mean "never". */
    public record Row(String personRef, String upn, String forename, String surname, LocalDate dob, String postcode,
                      LocalDate lookedAfterFrom, LocalDate lookedAfterTo, boolean careLeaver, boolean childInNeed,
                      LocalDate earlyHelpFrom, boolean youngCarer, LocalDate yjsSupervisedFrom, LocalDate yjsCustodyFrom,
                      OffsetDateTime updatedAt) {
    }

    private final List<Row> rows;

    private ChildrensServicesRows(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** One row per young person given, as at {@code asAt}; {@code updated_at} falls in the 30 days before. */
    public static ChildrensServicesRows of(List<YoungPerson> people, Function<YoungPerson, YoungPerson> variant,
                                           LocalDate asAt, long seed) {
        List<Row> rows = new ArrayList<>(people.size());
        for (YoungPerson p : people) {
            rows.add(row(p, variant.apply(p), asAt, seed));
        }
        return new ChildrensServicesRows(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    private static Row row(YoungPerson truth, YoungPerson sent, LocalDate asAt, long seed) {
        SplittableRandom r = Draws.forPerson(seed, truth.personNo(), "childrens-services");
        List<String> characteristics = CurrentActivity.of(truth, asAt, seed).characteristics();
        LocalDate eleventh = truth.dob().plusYears(11);
        LocalDate lookedAfterFrom = null;
        LocalDate lookedAfterTo = null;
        boolean careLeaver = characteristics.contains("160");
        if (characteristics.contains("110") || careLeaver) {
            lookedAfterFrom = Draws.dayBetween(r, truth.dob().plusYears(3), eleventh);
            if (careLeaver) {
                lookedAfterTo = min(truth.dob().plusYears(16).plusDays(r.nextInt(700)), asAt);
            }
        }
        boolean youngCarer = characteristics.contains("140");
        LocalDate yjsSupervised = characteristics.contains("170") ? Draws.dayBetween(r, truth.dob().plusYears(14), asAt) : null;
        LocalDate yjsCustody = yjsSupervised != null && r.nextDouble() < 0.15 ? Draws.dayBetween(r, yjsSupervised, asAt) : null;
        boolean childInNeed = r.nextDouble() < 0.3;
        LocalDate earlyHelp = r.nextDouble() < 0.3 ? Draws.dayBetween(r, eleventh, asAt) : null;
        if (lookedAfterFrom == null && !youngCarer && yjsSupervised == null && !childInNeed && earlyHelp == null) {
            earlyHelp = Draws.dayBetween(r, eleventh, asAt);
        }
        double u = r.nextDouble();
        String upn = u < 0.2 ? null : u < 0.25 ? "UN1" : sent.upn();
        OffsetDateTime updated = asAt.atStartOfDay().atOffset(ZoneOffset.UTC).minusMinutes(r.nextInt(30 * 24 * 60));
        return new Row(String.format("CS%07d", 1_000_000 + truth.personNo()), upn, sent.givenName(), sent.familyName(),
                sent.dob(), sent.postcode(), lookedAfterFrom, lookedAfterTo, careLeaver, childInNeed, earlyHelp, youngCarer,
                yjsSupervised, yjsCustody, updated);
    }

    /**
     * Creates {@code table} if missing (PostgreSQL: text, date, boolean, timestamptz) and inserts the rows in one
     * batch, in the caller's transaction.
     *
     * @param table a plain or schema-qualified name, e.g. {@code cs.young_person_view}
     * @return the rows inserted
     */
    public int insertInto(Connection connection, String table) throws SQLException {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name '" + table + "': letters, digits and _ only, optionally schema.table");
        }
        try (Statement s = connection.createStatement()) {
            s.execute("create table if not exists " + table + " (person_ref text not null, upn text, forename text,"
                    + " surname text, dob date, postcode text, looked_after_from date, looked_after_to date,"
                    + " care_leaver boolean not null, child_in_need boolean not null, early_help_from date,"
                    + " young_carer boolean not null, yjs_supervised_from date, yjs_custody_from date,"
                    + " updated_at timestamptz not null)");
        }
        String insert = "insert into " + table + " (" + String.join(", ", COLUMNS) + ") values ("
                + String.join(", ", COLUMNS.stream().map(c -> "?").toList()) + ")";
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            for (Row row : rows) {
                ps.setString(1, row.personRef());
                ps.setString(2, row.upn());
                ps.setString(3, row.forename());
                ps.setString(4, row.surname());
                setDate(ps, 5, row.dob());
                ps.setString(6, row.postcode());
                setDate(ps, 7, row.lookedAfterFrom());
                setDate(ps, 8, row.lookedAfterTo());
                ps.setBoolean(9, row.careLeaver());
                ps.setBoolean(10, row.childInNeed());
                setDate(ps, 11, row.earlyHelpFrom());
                ps.setBoolean(12, row.youngCarer());
                setDate(ps, 13, row.yjsSupervisedFrom());
                setDate(ps, 14, row.yjsCustodyFrom());
                ps.setObject(15, row.updatedAt());
                ps.addBatch();
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) {
                inserted += n == Statement.SUCCESS_NO_INFO ? 1 : n;
            }
            return inserted;
        }
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, date);
        }
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
