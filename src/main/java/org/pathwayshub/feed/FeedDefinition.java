package org.pathwayshub.feed;

/**
 * A feed as its routes file declares it.
 *
 * @param kind     how it arrives: file, sftp, sql
 * @param mapping  the mapping file's name under mappings/feeds/
 * @param source   where it reads from, for operators: an inbox folder, a server, a view
 * @param enabled  false when the routes file leaves it switched off (no partner connection configured yet)
 * @param expectBy a deadline (cron with seconds) by which each delivery is expected, or null
 */
public record FeedDefinition(String id, String kind, FeedSchedule schedule, String mapping, String routeId, String source,
                             boolean enabled, FeedSchedule expectBy) {
}
