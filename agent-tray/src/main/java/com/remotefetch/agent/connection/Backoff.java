package com.remotefetch.agent.connection;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential backoff with full jitter between {@code min} and a cap; reset after a success. */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt; grows with each failure up to the cap. */
    synchronized Duration next() {
        long ceiling = Math.min(max.toMillis(), min.toMillis() << Math.min(failures, 20));
        failures++;
        long floor = min.toMillis();
        long jittered = floor + (ceiling > floor ? random.nextLong(ceiling - floor + 1) : 0);
        return Duration.ofMillis(jittered);
    }

    synchronized void reset() {
        failures = 0;
    }
}
