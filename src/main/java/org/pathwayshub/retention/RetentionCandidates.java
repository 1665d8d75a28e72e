package org.pathwayshub.retention;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.pathwayshub.record.CodeList;
import org.pathwayshub.record.CodeLists;
import org.pathwayshub.system.BulkSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The young people the retention policy looks at, each with every person record merged into them, and what it judges
 * them by: their date of birth and whether they have SEND.
 */
@Component
public class RetentionCandidates {

    private final JdbcTemplate jdbc;
    private final CodeList senProvisions;

    public RetentionCandidates(JdbcTemplate jdbc, CodeLists codes) {
        this.jdbc = jdbc;
        this.senProvisions = codes.get("sen-provision");
    }

    /**
     * A young person as the policy sees them.
     *
     * @param dob  the latest date of birth any of their records gives: where partners disagree, no one is erased early
     * @param send SEND as the NCCIS return reads it: the latest SENDFlag a tracking source gave, else what the latest
     *             school census SEN provision means by the sen-provision code list ({@code send: true}: an EHC plan)
     */
    public record Judged(UUID hubId, LocalDate dob, boolean send) {
    }

    /** The young people (by their own hub id) with a record born on or before {@code day}, in hub id order. */
    public List<UUID> bornOnOrBefore(LocalDate day) {
        return jdbc.queryForList("""
                select distinct coalesce(merged_into, hub_id) as master from young_person where dob <= ?
                order by master""", UUID.class, day);
    }

    /** These young people (by their own hub id) as the policy judges them; one without a date of birth is left out. */
    public List<Judged> judge(Collection<UUID> youngPeople) {
        if (youngPeople.isEmpty()) {
            return List.of();
        }
        return BulkSql.query(jdbc, """
                select p.hub_id, f.dob, t.send, c.sen_provision
                from young_person p
                cross join lateral (select max(m.dob) as dob, array_agg(m.hub_id) as family from young_person m
                                    where m.hub_id = p.hub_id or m.merged_into = p.hub_id) f
                left join lateral (select t.send from tracking_status t where t.hub_id = any(f.family) and t.send is not null
                                   order by t.recorded_at desc limit 1) t on true
                left join lateral (select c.sen_provision from school_census c where c.hub_id = any(f.family)
                                   order by c.census_date desc, c.recorded_at desc limit 1) c on true
                where p.hub_id = any(?) and p.merged_into is null and f.dob is not null
                order by p.hub_id""",
                (rs, n) -> new Judged(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class),
                        send((Boolean) rs.getObject(3), rs.getString(4))),
                BulkSql.column("uuid", youngPeople));
    }

    private boolean send(Boolean tracking, String censusProvision) {
        if (tracking != null) {
            return tracking;
        }
        return censusProvision != null && Boolean.TRUE.equals(senProvisions.attribute(censusProvision.strip(), "send"));
    }
}
