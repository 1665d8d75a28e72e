package org.pathwayshub.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who did what, when: sign-ins (and failed ones), sign-outs, changes to users and tokens, and every read of a named
 * young person (who read whom). Kept in PostgreSQL ({@code access_audit}); never in the log, which carries no personal
 * data.
 */
@Component
public class AccessAudit {

    public static final String READ_YOUNG_PERSON = "read-young-person";

    private final JdbcTemplate jdbc;

    public AccessAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One event, by the user signed in to this request (or {@code username} when given). */
    public void record(String username, String action, UUID hubId, String detail) {
        jdbc.update("insert into access_audit (username, action, hub_id, detail, remote_address) values (?, ?, ?, ?, ?)",
                username != null ? username : currentUser(), action, hubId, detail, remoteAddress());
    }

    /**
     * An event of a job: by the user who ran it now ({@code POST /api/jobs/{job}/run}), else by the job itself, on its
     * schedule.
     *
     * @return the event's id, for {@link #amend}
     */
    public long recordJob(String job, String action, String detail) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Long id = jdbc.queryForObject("""
                insert into access_audit (username, action, hub_id, detail, remote_address) values (?, ?, null, ?, ?)
                returning id""", Long.class, auth == null ? job : auth.getName(), action, detail, remoteAddress());
        return id == null ? 0 : id;
    }

    /** What a long job has done so far, written in the transaction of that work: the event never says less than was done. */
    public void amend(long id, String detail) {
        jdbc.update("update access_audit set detail = ? where id = ?", detail, id);
    }

    /** The signed-in user read this young person's record ({@code what}: which part, e.g. the risk assessment). */
    public void readYoungPerson(UUID hubId, String what) {
        record(null, READ_YOUNG_PERSON, hubId, what);
    }

    /** The signed-in user was shown these young people in a list: one event each, written in one batch. */
    public void readYoungPeople(List<UUID> hubIds, String what) {
        if (hubIds.isEmpty()) {
            return;
        }
        String who = currentUser();
        String from = remoteAddress();
        jdbc.batchUpdate("insert into access_audit (username, action, hub_id, detail, remote_address) values (?, ?, ?, ?, ?)",
                hubIds.stream().map(id -> new Object[] {who, READ_YOUNG_PERSON, id, what, from}).toList());
    }

    public record Event(long id, Instant at, String username, String action, UUID hubId, String detail,
                        String remoteAddress) {
    }

    /** Events newest first, optionally of one user or about one young person. */
    public List<Event> events(String username, UUID hubId, int offset, int limit) {
        return jdbc.query("""
                select id, at, username, action, hub_id, detail, remote_address from access_audit
                where (?::text is null or username = ?) and (?::uuid is null or hub_id = ?)
                order by at desc, id desc offset ? limit ?""",
                (rs, n) -> new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7)),
                username, username, hubId, hubId, offset, limit);
    }

    static String currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "anonymous" : auth.getName();
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
