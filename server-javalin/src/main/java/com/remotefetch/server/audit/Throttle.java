package com.remotefetch.server.audit;

import java.time.Clock;
import java.time.Duration;

/**
 * At most {@code limit} events per window pass; the rest are counted, and the first event of the
 * next window learns how many were held back. Keeps a flood of failed logins from filling a disk
 * with log and audit lines. Thread-safe.
 */
public final class Throttle {
    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    /** Guarded by this. */
    private long windowStart;
    /** Guarded by this. */
    private int passed;
    /** Guarded by this. */
    private long suppressed;

    public Throttle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    /** -1 if this event is held back; else how many were held back since the last one that passed. */
    public synchronized long tryPass() {
        long now = clock.millis();
        if (now - windowStart >= windowMillis) {
            windowStart = now;
            passed = 0;
        }
        if (passed >= limit) {
            suppressed++;
            return -1;
        }
        passed++;
        long held = suppressed;
        suppressed = 0;
        return held;
    }
}
