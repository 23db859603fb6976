package com.remotefetch.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling: tests wait for a condition, never for a fixed time. */
public final class Await {
    private Await() {
    }

    public static void until(Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5); // a poll interval, not a wait for the condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
