package com.remotefetch.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts failed authentications per remote address in fixed windows; past the limit that
 * address gets 429 until its window ends. The table is bounded: when full, stale windows go.
 */
public final class FailedAuthLimiter implements FailureCounter {
    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long startMillis, int failures) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();

    public FailedAuthLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean blocked(String address) {
        Window w = windows.get(address);
        boolean blocked = w != null && !expired(w) && w.failures() >= limit;
        if (blocked) {
            rejected.incrementAndGet();
        }
        return blocked;
    }

    @Override
    public void failure(String address) {
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(this::expired);
        }
        long now = clock.millis();
        windows.compute(address, (a, w) -> w == null || expired(w) ? new Window(now, 1)
                : new Window(w.startMillis(), w.failures() + 1));
    }

    /** Requests turned away with 429 so far (a metric). */
    public long rejectedCount() {
        return rejected.get();
    }

    @Override
    public Duration retryAfter(String address) {
        Window w = windows.get(address);
        if (w == null) {
            return Duration.ZERO;
        }
        long left = w.startMillis() + window.toMillis() - clock.millis();
        return Duration.ofMillis(Math.max(0, left));
    }

    private boolean expired(Window w) {
        return clock.millis() - w.startMillis() >= window.toMillis();
    }
}
