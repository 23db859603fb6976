package com.remotefetch.agent.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void growsExponentiallyWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(1));
        assertEquals(1000, backoff.next().toMillis(), "first retry after the minimum");
        long previousCeiling = 1000;
        for (int i = 1; i < 12; i++) {
            long ceiling = Math.min(30_000, 1000L << i);
            long d = backoff.next().toMillis();
            assertTrue(d >= 1000 && d <= ceiling, "attempt " + i + ": " + d + " ms not in [1000, " + ceiling + "]");
            previousCeiling = ceiling;
        }
        assertEquals(30_000, previousCeiling);
    }

    @Test
    void resetStartsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), new SplittableRandom(2));
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        backoff.reset();
        assertEquals(200, backoff.next().toMillis());
    }
}
