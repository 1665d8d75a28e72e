package org.pathwayshub.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.pathwayshub.record.CommonField;
import org.pathwayshub.record.HubIds;
import org.pathwayshub.record.IdentifierScheme;
import org.pathwayshub.record.MappedRecord;
import org.pathwayshub.record.PersonDetailsWriter;
import org.pathwayshub.record.RecordIssue;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides which young person each record of a batch is about, inside the batch's transaction.
 * <ol>
 * <li>A record whose identifier (UPN, ULN, YoungPersonsID, National Insurance number, partner reference) the
 *     hub knows joins the person record that holds it.</li>
 * <li>Otherwise its names, date of birth and postcode are scored against the young people born that day
 *     (or with day and month swapped) by {@link PersonMatcher}: above the merge threshold the record becomes a
 *     person record folded into that young person (a merge, recorded and undoable); between the thresholds it
 *     is a new young person and the pair goes on the review list; below, a new young person.</li>
 * </ol>
 * Two people with different valid UPNs (or ULNs, or National Insurance numbers) are never joined. Lookups and
 * candidate searches run once per batch, and new identifiers are claimed in one statement; when another node
 * claims the same identifier first, the record joins that node's person.
 */
@Component
public class IdentityResolver {

    private static final List<String> ONE_PER_PERSON = List.of("UPN", "ULN", "NINO");

    private final JdbcTemplate jdbc;
    private final PersonMatcher matcher;
    private final PersonDetailsWriter details;

    public IdentityResolver(JdbcTemplate jdbc, PersonMatcher matcher, PersonDetailsWriter details) {
        this.jdbc = jdbc;
        this.matcher = matcher;
        this.details = details;
    }

    /**
     * Who each record is, in the order given (the person record its facts are stored against); {@code created}
     * lists the person records this batch added, and {@code changed} the young people (masters) it touched.
     */
    public record Resolution(List<UUID> hubIds, Set<UUID> created, Set<UUID> changed, List<RecordIssue> warnings) {
    }

    /**
     * An identifier's owner: the person record that holds it, the young person that record belongs to, and the date of
     * birth that record holds (null if none).
     */
    private record Owner(UUID row, UUID master, LocalDate dob) {
    }

    /** A young person as a candidate: details of the master record, and every identifier of the family. */
    private record Candidate(UUID master, PersonMatcher.Profile profile, Map<String, Set<String>> identifiers) {
    }

    private record Merge(UUID child, UUID master, PersonMatcher.Score score) {
    }

    private record Review(UUID hubId, UUID candidate, PersonMatcher.Score score, long line) {
    }

    public Resolution resolve(String feedId, long runId, List<MappedRecord> records) {
        List<List<IdentifierScheme.Identifier>> idsPerRecord = new ArrayList<>(records.size());
        Set<IdentifierScheme.Identifier> all = new LinkedHashSet<>();
        for (MappedRecord r : records) {
            List<IdentifierScheme.Identifier> ids = IdentifierScheme.of(feedId, r);
            idsPerRecord.add(ids);
            all.addAll(ids);
        }
        Map<IdentifierScheme.Identifier, Owner> known = lookup(all);
        Map<UUID, Map<String, Set<String>>> familyIds = familyIdentifiers(known.values().stream().map(Owner::master).toList());
        Map<LocalDate, List<Candidate>> candidates = withIdentifiersOfPlausible(records, idsPerRecord, known,
                candidates(records, idsPerRecord, known));

        List<UUID> hubIds = new ArrayList<>(records.size());
        Set<UUID> created = new LinkedHashSet<>();
        Map<UUID, UUID> masters = new HashMap<>();
        List<RecordIssue> warnings = new ArrayList<>();
        List<Merge> merges = new ArrayList<>();
        List<Review> reviews = new ArrayList<>();
        // identifiers this batch attaches, in a stable order so concurrent batches lock alike
        Map<IdentifierScheme.Identifier, UUID> claims = new TreeMap<>();
        // the date of birth each record of this batch gave the person it went to, for the next row with the same identifier
        Map<UUID, LocalDate> batchDobs = new HashMap<>();

        for (int i = 0; i < records.size(); i++) {
            MappedRecord record = records.get(i);
            List<IdentifierScheme.Identifier> ids = idsPerRecord.get(i);
            Map<String, String> own = strongIdentifiers(ids);
            UUID hubId = null;
            for (IdentifierScheme.Identifier id : ids) {
                Owner owner = known.get(id);
                UUID claimed = claims.get(id);
                if (owner == null && claimed != null) {
                    owner = new Owner(claimed, masters.getOrDefault(claimed, claimed), null);
                }
                if (owner == null) {
                    continue;
                }
                String conflict = conflict(own, familyIds.get(owner.master()));
                if (conflict != null) {
                    warnings.add(RecordIssue.warning(record.line(), record.element(), null, id.scheme(), id.value(),
                            "identifier-conflict", "this " + id.scheme() + " belongs to a young person with " + conflict
                                    + "; the record was kept apart and the pair put on the review list").ofRecord(record.recordKey()));
                    continue;
                }
                hubId = owner.row();
                masters.putIfAbsent(hubId, owner.master());
                LocalDate held = batchDobs.containsKey(hubId) ? batchDobs.get(hubId) : owner.dob();
                if (held != null && record.has(CommonField.DOB) && !held.equals(record.get(CommonField.DOB))) {
                    warnings.add(RecordIssue.warning(record.line(), record.element(), null, id.scheme(), id.value(),
                            "identifier-dob-differs", "this " + id.scheme() + " belongs to a young person the hub holds"
                                    + " with another date of birth (from an earlier row of this file, or another feed); the"
                                    + " record was joined to them by the identifier and its details are now the latest:"
                                    + " check which is right").ofRecord(record.recordKey()));
                }
                break;
            }
            if (hubId == null) {
                hubId = HubIds.next();
                created.add(hubId);
                masters.put(hubId, hubId);
                PersonMatcher.Profile profile = profile(record, own);
                Candidate best = null;
                PersonMatcher.Score bestScore = null;
                for (Candidate c : candidatesFor(record, candidates)) {
                    PersonMatcher.Score score = matcher.quickScore(profile, comparable(c, own));
                    if (score.verdict() != PersonMatcher.Verdict.NEVER && (bestScore == null || score.points() > bestScore.points())) {
                        best = c;
                        bestScore = score;
                    }
                }
                if (best != null && bestScore.verdict() != PersonMatcher.Verdict.NEW_PERSON) {
                    bestScore = matcher.score(profile, comparable(best, own));  // in words, for the merge or the review
                }
                if (best != null && bestScore.verdict() == PersonMatcher.Verdict.MERGE) {
                    merges.add(new Merge(hubId, best.master(), bestScore));
                    masters.put(hubId, best.master());
                } else {
                    if (best != null && bestScore.verdict() == PersonMatcher.Verdict.REVIEW) {
                        reviews.add(new Review(hubId, best.master(), bestScore, record.line()));
                    }
                    // a later record of this batch may be the same young person
                    if (record.has(CommonField.DOB)) {
                        Map<String, Set<String>> fam = new HashMap<>();
                        own.forEach((k, v) -> fam.put(k, new HashSet<>(Set.of(v))));
                        candidates.computeIfAbsent(record.get(CommonField.DOB), d -> new ArrayList<>())
                                .add(new Candidate(hubId, profile, fam));
                        familyIds.put(hubId, fam);
                    }
                }
            }
            for (IdentifierScheme.Identifier id : ids) {
                if (!known.containsKey(id) && !claims.containsKey(id)) {
                    claims.put(id, hubId);
                }
            }
            for (IdentifierScheme.Identifier id : ids) {
                Owner owner = known.get(id);
                UUID master = masters.getOrDefault(hubId, hubId);
                if (owner != null && !owner.master().equals(master) && !owner.row().equals(hubId)) {
                    if (conflict(own, familyIds.get(owner.master())) != null) {
                        reviews.add(new Review(hubId, owner.master(), identifierConflict(id), record.line()));
                    } else {
                        warnings.add(RecordIssue.warning(record.line(), record.element(), null, id.scheme(), id.value(),
                                "identifier-conflict", "this " + id.scheme() + " already belongs to another young person"
                                        + " in the hub; the record was matched on a stronger identifier and this one left where it is")
                                .ofRecord(record.recordKey()));
                    }
                }
            }
            if (record.has(CommonField.DOB)) {
                batchDobs.put(hubId, record.get(CommonField.DOB));
            }
            hubIds.add(hubId);
        }

        Map<UUID, UUID> lostRaces = claim(feedId, runId, claims);
        if (!lostRaces.isEmpty()) {
            hubIds.replaceAll(id -> lostRaces.getOrDefault(id, id));
            created.removeAll(lostRaces.keySet());
            merges.removeIf(m -> lostRaces.containsKey(m.child()));
            reviews.removeIf(r -> lostRaces.containsKey(r.hubId()));
        }
        Set<UUID> withUpn = withUpn(claims, lostRaces);
        insertPeople(feedId, created, merges, records, hubIds, withUpn);
        recordMerges(merges);
        recordReviews(feedId, runId, reviews);
        markHavingUpn(withUpn, created, masters);
        return new Resolution(hubIds, created, mastersOf(hubIds, masters), warnings);
    }

    private static Map<String, String> strongIdentifiers(List<IdentifierScheme.Identifier> ids) {
        Map<String, String> own = new LinkedHashMap<>();
        for (IdentifierScheme.Identifier id : ids) {
            if (!id.scheme().startsWith("LOCAL")) {
                own.putIfAbsent(id.scheme(), id.value());
            }
        }
        return own;
    }

    /** Why a record cannot be this family: it has a UPN, ULN or NINO and the family has a different one. */
    private static String conflict(Map<String, String> own, Map<String, Set<String>> family) {
        if (family == null) {
            return null;
        }
        for (String scheme : ONE_PER_PERSON) {
            String mine = own.get(scheme);
            Set<String> theirs = family.get(scheme);
            if (mine != null && theirs != null && !theirs.isEmpty() && !theirs.contains(mine)) {
                return "a different " + scheme;
            }
        }
        return null;
    }

    private static PersonMatcher.Score identifierConflict(IdentifierScheme.Identifier id) {
        return new PersonMatcher.Score(0, PersonMatcher.Verdict.REVIEW, List.of("the record's " + id.scheme()
                + " belongs to this young person, but their other identifiers differ: a keying error, or two people?"));
    }

    private static PersonMatcher.Profile profile(MappedRecord r, Map<String, String> own) {
        return new PersonMatcher.Profile(r.get(CommonField.GIVEN_NAME), r.get(CommonField.FAMILY_NAME), r.get(CommonField.DOB),
                r.get(CommonField.POSTCODE), r.get(CommonField.GENDER), own);
    }

    /** The candidate as the matcher sees it: with the record's own value where the family holds several. */
    private static PersonMatcher.Profile comparable(Candidate c, Map<String, String> own) {
        Map<String, String> ids = new HashMap<>();
        c.identifiers().forEach((scheme, values) -> {
            if (!values.isEmpty()) {
                ids.put(scheme, values.contains(own.get(scheme)) ? own.get(scheme) : values.iterator().next());
            }
        });
        PersonMatcher.Profile p = c.profile();
        return new PersonMatcher.Profile(p.givenName(), p.familyName(), p.dob(), p.postcode(), p.gender(), ids);
    }

    private static List<Candidate> candidatesFor(MappedRecord record, Map<LocalDate, List<Candidate>> candidates) {
        LocalDate dob = record.get(CommonField.DOB);
        if (dob == null || !record.has(CommonField.FAMILY_NAME)) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>(candidates.getOrDefault(dob, List.of()));
        LocalDate swapped = swapped(dob);
        if (swapped != null && !swapped.equals(dob)) {
            out.addAll(candidates.getOrDefault(swapped, List.of()));
        }
        return out;
    }

    /** The date with day and month the other way round, where that is a date. */
    static LocalDate swapped(LocalDate d) {
        if (d.getDayOfMonth() > 12) {
            return null;
        }
        try {
            return LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue());
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** Who already holds each identifier: the record and its young person (following merges). */
    private Map<IdentifierScheme.Identifier, Owner> lookup(Set<IdentifierScheme.Identifier> ids) {
        Map<IdentifierScheme.Identifier, Owner> known = new HashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        BulkSql.query(jdbc, """
                select i.scheme, i.value, p.hub_id, coalesce(p.merged_into, p.hub_id), p.dob
                from person_identifier i join young_person p on p.hub_id = i.hub_id
                where (i.scheme, i.value) in (select * from unnest(?::text[], ?::text[]))""", rs -> {
            known.put(new IdentifierScheme.Identifier(rs.getString(1), rs.getString(2)),
                    new Owner(rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getObject(5, LocalDate.class)));
        }, BulkSql.column("text", ids.stream().map(IdentifierScheme.Identifier::scheme).toList()),
                BulkSql.column("text", ids.stream().map(IdentifierScheme.Identifier::value).toList()));
        return known;
    }

    /** UPNs, ULNs, NINOs and YPIDs held anywhere in each young person's family of records. */
    private Map<UUID, Map<String, Set<String>>> familyIdentifiers(List<UUID> masters) {
        Map<UUID, Map<String, Set<String>>> out = new HashMap<>();
        if (masters.isEmpty()) {
            return out;
        }
        BulkSql.Column ids = BulkSql.column("uuid", new LinkedHashSet<>(masters));
        BulkSql.query(jdbc, """
                select coalesce(p.merged_into, p.hub_id), i.scheme, i.value
                from young_person p join person_identifier i on i.hub_id = p.hub_id
                where (p.hub_id = any(?) or p.merged_into = any(?)) and i.scheme in ('UPN', 'ULN', 'NINO', 'YPID')""", rs -> {
            out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                    .computeIfAbsent(rs.getString(2), k -> new HashSet<>()).add(rs.getString(3));
        }, ids, ids);
        return out;
    }

    /**
     * Young people born on the dates of the batch's records that no identifier placed (or with day and month
     * swapped). A record with a UPN can only be someone without one, so for those only UPN-less people are read.
     */
    private Map<LocalDate, List<Candidate>> candidates(List<MappedRecord> records,
                                                       List<List<IdentifierScheme.Identifier>> idsPerRecord,
                                                       Map<IdentifierScheme.Identifier, Owner> known) {
        Set<LocalDate> anyone = new LinkedHashSet<>();
        Set<LocalDate> withoutUpn = new LinkedHashSet<>();
        for (int i = 0; i < records.size(); i++) {
            MappedRecord r = records.get(i);
            if (!r.has(CommonField.DOB) || !r.has(CommonField.FAMILY_NAME)
                    || idsPerRecord.get(i).stream().anyMatch(known::containsKey)) {
                continue;
            }
            Set<LocalDate> target = r.has(CommonField.UPN) ? withoutUpn : anyone;
            LocalDate dob = r.get(CommonField.DOB);
            target.add(dob);
            LocalDate swapped = swapped(dob);
            if (swapped != null) {
                target.add(swapped);
            }
        }
        withoutUpn.removeAll(anyone);
        Map<LocalDate, List<Candidate>> byDob = new HashMap<>();
        Map<UUID, Candidate> found = new LinkedHashMap<>();
        readCandidates(anyone, false, found);
        readCandidates(withoutUpn, true, found);
        for (Candidate c : found.values()) {
            byDob.computeIfAbsent(c.profile().dob(), d -> new ArrayList<>()).add(c);
        }
        return byDob;
    }

    /**
     * The candidates with their families' identifiers, read only for those a record could match. Identifiers can only
     * take points away (a different UPN makes a pair never the same person, a different YoungPersonsID costs a point),
     * so a candidate that scores below the review threshold without them stays below it with them: their identifiers
     * are not read. Everyone born on a date can be hundreds of people; the plausible few are read.
     */
    private Map<LocalDate, List<Candidate>> withIdentifiersOfPlausible(List<MappedRecord> records,
                                                                     List<List<IdentifierScheme.Identifier>> idsPerRecord,
                                                                     Map<IdentifierScheme.Identifier, Owner> known,
                                                                     Map<LocalDate, List<Candidate>> candidates) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        Set<UUID> plausible = new LinkedHashSet<>();
        for (int i = 0; i < records.size(); i++) {
            MappedRecord r = records.get(i);
            if (idsPerRecord.get(i).stream().anyMatch(known::containsKey)) {
                continue;
            }
            PersonMatcher.Profile profile = profile(r, strongIdentifiers(idsPerRecord.get(i)));
            for (Candidate c : candidatesFor(r, candidates)) {
                PersonMatcher.Verdict verdict = matcher.quickScore(profile, c.profile()).verdict();
                if (verdict == PersonMatcher.Verdict.REVIEW || verdict == PersonMatcher.Verdict.MERGE) {
                    plausible.add(c.master());
                }
            }
        }
        if (plausible.isEmpty()) {
            return candidates;
        }
        Map<UUID, Map<String, Set<String>>> ids = familyIdentifiers(new ArrayList<>(plausible));
        Map<LocalDate, List<Candidate>> out = new HashMap<>();
        candidates.forEach((dob, list) -> out.put(dob, new ArrayList<>(list.stream()
                .map(c -> plausible.contains(c.master())
                        ? new Candidate(c.master(), c.profile(), ids.getOrDefault(c.master(), Map.of())) : c)
                .toList())));
        return out;
    }

    private void readCandidates(Set<LocalDate> dates, boolean onlyWithoutUpn, Map<UUID, Candidate> found) {
        if (dates.isEmpty()) {
            return;
        }
        String sql = """
                select p.hub_id, p.given_name, p.family_name, p.dob, p.postcode, p.gender from young_person p
                where p.merged_into is null and p.dob = any(?)""" + (onlyWithoutUpn ? " and not p.has_upn" : "");
        BulkSql.query(jdbc, sql, rs -> {
            UUID id = rs.getObject(1, UUID.class);
            found.put(id, new Candidate(id, new PersonMatcher.Profile(rs.getString(2), rs.getString(3),
                    rs.getDate(4).toLocalDate(), rs.getString(5), rs.getString(6) == null ? null : rs.getString(6).trim(),
                    Map.of()), Map.of()));
        }, BulkSql.column("date", dates));
    }

    /** The person records this batch gave a UPN. */
    private static Set<UUID> withUpn(Map<IdentifierScheme.Identifier, UUID> claims, Map<UUID, UUID> lostRaces) {
        Set<UUID> rows = new LinkedHashSet<>();
        claims.forEach((id, row) -> {
            if (id.scheme().equals("UPN")) {
                rows.add(lostRaces.getOrDefault(row, row));
            }
        });
        return rows;
    }

    /**
     * Existing young people this batch gave a UPN (directly, or through a record folded into them) are now among those
     * that have one; the young people it created were inserted knowing it.
     */
    private void markHavingUpn(Set<UUID> rowsWithUpn, Set<UUID> created, Map<UUID, UUID> masters) {
        Set<UUID> withUpn = new TreeSet<>();
        for (UUID row : rowsWithUpn) {
            UUID master = masters.getOrDefault(row, row);
            if (!(created.contains(master) && master.equals(row))) {
                withUpn.add(master);
            }
        }
        if (!withUpn.isEmpty()) {
            BulkSql.update(jdbc, "update young_person set has_upn = true where hub_id = any(?) and not has_upn",
                    BulkSql.column("uuid", withUpn));
        }
    }

    /**
     * Works out young_person.has_upn again for young people whose records a merge or its undo moved: true when
     * any of their records holds a UPN.
     */
    static void refreshUpnFlags(JdbcTemplate jdbc, Set<UUID> masters) {
        BulkSql.update(jdbc, """
                update young_person p set has_upn =
                  exists (select 1 from person_identifier i where i.hub_id = p.hub_id and i.scheme = 'UPN')
                  or exists (select 1 from young_person f join person_identifier i on i.hub_id = f.hub_id
                             where f.merged_into = p.hub_id and i.scheme = 'UPN')
                where p.hub_id = any(?)""", BulkSql.column("uuid", masters));
    }

    private static Set<UUID> mastersOf(List<UUID> hubIds, Map<UUID, UUID> masters) {
        Set<UUID> out = new LinkedHashSet<>();
        hubIds.forEach(id -> out.add(masters.getOrDefault(id, id)));
        return out;
    }

    /**
     * Attaches new identifiers; where another transaction attached one first, returns which new person
     * should become which existing one.
     */
    private Map<UUID, UUID> claim(String feedId, long runId, Map<IdentifierScheme.Identifier, UUID> claims) {
        Map<UUID, UUID> lost = new HashMap<>();
        if (claims.isEmpty()) {
            return lost;
        }
        BulkSql.Columns rows = new BulkSql.Columns("text", "text", "uuid");
        claims.forEach((id, owner) -> rows.add(id.scheme(), id.value(), owner));
        Set<IdentifierScheme.Identifier> won = new HashSet<>();
        BulkSql.query(jdbc, """
                insert into person_identifier (scheme, value, hub_id, source_feed, first_run_id)
                select s, v, h, ?, ? from unnest(?::text[], ?::text[], ?::uuid[]) as t(s, v, h)
                on conflict (scheme, value) do nothing
                returning scheme, value""", rs -> {
            won.add(new IdentifierScheme.Identifier(rs.getString(1), rs.getString(2)));
        }, feedId, runId, rows);
        if (won.size() == claims.size()) {
            return lost;
        }
        Set<IdentifierScheme.Identifier> taken = new LinkedHashSet<>(claims.keySet());
        taken.removeAll(won);
        Map<IdentifierScheme.Identifier, Owner> winners = lookup(taken);
        for (IdentifierScheme.Identifier id : taken) {
            UUID mine = claims.get(id);
            Owner theirs = winners.get(id);
            if (theirs != null && !theirs.row().equals(mine)) {
                lost.putIfAbsent(mine, theirs.row());
            }
        }
        // identifiers this batch did attach to a person that turned out to exist already move to that person
        lost.forEach((mine, theirs) -> jdbc.update("update person_identifier set hub_id = ? where hub_id = ?", theirs, mine));
        return lost;
    }

    /**
     * New young people, and new person records already folded into the young person they matched, each inserted with
     * the details of the last record of the batch that is about it.
     */
    private void insertPeople(String feedId, Set<UUID> created, List<Merge> merges, List<MappedRecord> records,
                              List<UUID> hubIds, Set<UUID> withUpn) {
        if (created.isEmpty()) {
            return;
        }
        Map<UUID, UUID> mergedInto = new HashMap<>();
        merges.forEach(m -> mergedInto.put(m.child(), m.master()));
        Map<UUID, MappedRecord> latest = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (created.contains(hubIds.get(i)) && PersonDetailsWriter.hasDetails(records.get(i))) {
                latest.put(hubIds.get(i), records.get(i));
            }
        }
        List<PersonDetailsWriter.NewPerson> people = new ArrayList<>(created.size());
        for (UUID id : created) {
            people.add(new PersonDetailsWriter.NewPerson(id, mergedInto.get(id), latest.get(id), withUpn.contains(id)));
        }
        details.insertNew(feedId, people);
    }

    private void recordMerges(List<Merge> merges) {
        if (merges.isEmpty()) {
            return;
        }
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "uuid", "float8", "text");
        merges.forEach(m -> rows.add(m.child(), m.master(), m.score().points(), IdentityJson.reasons(m.score())));
        BulkSql.update(jdbc, """
                insert into identity_merge (from_hub_id, into_hub_id, moved_hub_ids, method, score, reasons, decided_by)
                select f, i, array[f], 'SCORE', s, r::jsonb, 'hub' from unnest(?::uuid[], ?::uuid[], ?::float8[], ?::text[])
                  as v(f, i, s, r)""", rows);
    }

    private void recordReviews(String feedId, long runId, List<Review> reviews) {
        if (reviews.isEmpty()) {
            return;
        }
        BulkSql.Columns rows = new BulkSql.Columns("uuid", "uuid", "float8", "text", "int8");
        reviews.forEach(r -> rows.add(r.hubId(), r.candidate(), r.score().points(), IdentityJson.reasons(r.score()), r.line()));
        BulkSql.update(jdbc, """
                insert into identity_review (hub_id, candidate_id, score, reasons, feed_id, run_id, line_no)
                select h, c, s, r::jsonb, ?, ?, ln from unnest(?::uuid[], ?::uuid[], ?::float8[], ?::text[], ?::bigint[])
                  as v(h, c, s, r, ln)
                on conflict (hub_id, candidate_id) do nothing""", feedId, runId, rows);
    }
}
