package org.pathwayshub.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code hub.sign-in.*}: how failed sign-ins slow down and lock (application.yaml, HUB_SIGN_IN_* variables). */
@Component
@ConfigurationProperties(prefix = "hub.sign-in")
public class AccessProperties {

    /** Failures in a row after which each answer waits longer. */
    private int slowAfter = 3;
    /** Failures in a row that lock the user name. */
    private int lockAfter = 5;
    /** How long a locked user name stays locked. */
    private Duration lockFor = Duration.ofMinutes(15);
    public int getSlowAfter() {
        return slowAfter;
    }

    public void setSlowAfter(int slowAfter) {
        this.slowAfter = slowAfter;
    }

    public int getLockAfter() {
        return lockAfter;
    }

    public void setLockAfter(int lockAfter) {
        this.lockAfter = lockAfter;
    }

    public Duration getLockFor() {
        return lockFor;
    }

    public void setLockFor(Duration lockFor) {
        this.lockFor = lockFor;
    }
}
