package org.pathwayshub.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

class InboxFileLocksTest {

    /** Two nodes mount the shared inbox at different paths: a file locked by one is locked for the other. */
    @Test
    void aFileLockedThroughOneMountIsLockedThroughAnother() {
        MemoryIdempotentRepository shared = new MemoryIdempotentRepository();
        shared.start();
        InboxFileLocks first = new InboxFileLocks(shared, Path.of("/srv/node-1/inbox"));
        InboxFileLocks second = new InboxFileLocks(shared, Path.of("/mnt/hub/node-2/inbox/"));

        assertThat(first.add("/srv/node-1/inbox/school-census/census.csv")).isTrue();
        assertThat(second.contains("/mnt/hub/node-2/inbox/school-census/census.csv")).isTrue();
        assertThat(second.add("/mnt/hub/node-2/inbox/school-census/census.csv")).as("taken by the first node").isFalse();
        assertThat(second.add("/mnt/hub/node-2/inbox/school-census/other.csv")).isTrue();
        assertThat(first.key("/srv/node-1/inbox/school-census/census.csv")).isEqualTo("inbox/school-census/census.csv");
        assertThat(first.key("/elsewhere/census.csv")).as("a path outside the inbox, as it is").isEqualTo("/elsewhere/census.csv");
    }
}
