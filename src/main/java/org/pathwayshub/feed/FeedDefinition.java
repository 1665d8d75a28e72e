package org.pathwayshub.feed;

/**
 * A feed as its routes file declares it.
 *
 * @param kind    how it arrives: file, sftp, sql, rest
 * @param mapping the mapping file's name under mappings/feeds/
 * @param source  where it reads from, for operators: an inbox folder, a server, a view
 */
public record FeedDefinition(String id, String kind, FeedSchedule schedule, String mapping, String routeId, String source) {
}
