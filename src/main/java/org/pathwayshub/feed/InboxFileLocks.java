package org.pathwayshub.feed;

import java.nio.file.Path;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The read locks on inbox files, named by the file's place in the inbox ({@code inbox/<feed>/<file>}) rather than by
 * its absolute path, so that nodes which mount the shared inbox at different paths still see each other's locks.
 * The locks themselves are kept by {@code locks} (in PostgreSQL, where a dead node's lock lapses).
 */
final class InboxFileLocks extends ServiceSupport implements IdempotentRepository {

    private final IdempotentRepository locks;
    private final String inbox;

    InboxFileLocks(IdempotentRepository locks, Path inbox) {
        this.locks = locks;
        this.inbox = inbox.toAbsolutePath().normalize() + "/";
    }

    /** {@code inbox/<feed>/<file>} for a file in the inbox; any other key as it is. */
    String key(String absolutePath) {
        return absolutePath.startsWith(inbox) ? "inbox/" + absolutePath.substring(inbox.length()) : absolutePath;
    }

    @Override
    public boolean add(String key) {
        return locks.add(key(key));
    }

    @Override
    public boolean contains(String key) {
        return locks.contains(key(key));
    }

    @Override
    public boolean remove(String key) {
        return locks.remove(key(key));
    }

    @Override
    public boolean confirm(String key) {
        return locks.confirm(key(key));
    }

    @Override
    public void clear() {
        locks.clear();
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(locks);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(locks);
    }
}
