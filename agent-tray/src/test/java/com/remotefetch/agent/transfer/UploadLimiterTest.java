package com.remotefetch.agent.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket on a hand-driven clock: sleeping only moves the clock, so nothing really waits. */
class UploadLimiterTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A clock whose sleeps advance it; counts what was slept. */
    private static final class FakeClock implements UploadLimiter.Clock {
        long now = 1_000 * SECOND;
        long slept;
        int sleeps;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
            sleeps++;
        }
    }

    @Test
    void sendingTakesAsLongAsTheCapSaysAfterTheFirstQuarterSecond() throws InterruptedException {
        FakeClock clock = new FakeClock();
        UploadLimiter limiter = new UploadLimiter(1_000_000, clock);
        for (int i = 0; i < 40; i++) {
            assertTrue(limiter.acquire(100_000, () -> false));
        }
        // 4 MB at 1 MB/s, less the 250 kB burst that was there at the start.
        assertEquals(3_750_000_000L, clock.slept);
    }

    @Test
    void anIdleAgentDoesNotSaveUpMoreThanTheBurst() throws InterruptedException {
        FakeClock clock = new FakeClock();
        UploadLimiter limiter = new UploadLimiter(1_000_000, clock);
        clock.now += 3_600 * SECOND; // an hour without downloads
        assertTrue(limiter.acquire(250_000, () -> false));
        assertEquals(0, clock.slept);
        assertTrue(limiter.acquire(500_000, () -> false));
        assertEquals(SECOND / 2, clock.slept, "the burst was spent; half a megabyte costs half a second");
    }

    @Test
    void aCancelWhileWaitingIsSeenWithinATenthOfASecondAndGivesTheBytesBack() throws InterruptedException {
        FakeClock clock = new FakeClock();
        UploadLimiter limiter = new UploadLimiter(100_000, clock);
        assertTrue(limiter.acquire(25_000, () -> false)); // the burst
        long[] cancelAt = {clock.now + SECOND / 4};
        assertFalse(limiter.acquire(1_000_000, () -> clock.now >= cancelAt[0]));
        assertTrue(clock.slept <= SECOND / 4 + UploadLimiter.CANCEL_CHECK_NANOS, "slept " + clock.slept);

        clock.slept = 0;
        clock.now += SECOND / 4; // refills the burst again
        assertTrue(limiter.acquire(25_000, () -> false));
        assertEquals(0, clock.slept, "the cancelled reservation was returned");
    }

    @Test
    void noCapNeverWaitsAndNonsenseCapsAreRefused() throws InterruptedException {
        FakeClock clock = new FakeClock();
        UploadLimiter none = new UploadLimiter(0, clock);
        assertTrue(none.acquire(Integer.MAX_VALUE, () -> false));
        assertEquals(0, clock.sleeps);
        assertThrows(IllegalArgumentException.class, () -> new UploadLimiter(-1, clock));
        assertThrows(IllegalArgumentException.class, () -> new UploadLimiter(UploadLimiter.MIN_BYTES_PER_SECOND - 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new UploadLimiter(UploadLimiter.MAX_BYTES_PER_SECOND + 1, clock));
    }

    @Test
    void aSlowCapSendsSmallFramesAndANewCapAppliesAtOnce() throws InterruptedException {
        FakeClock clock = new FakeClock();
        UploadLimiter limiter = new UploadLimiter(20_000, clock);
        assertEquals(5_000, limiter.chunkBytes(256 * 1024), "a quarter second of sending per frame");
        assertEquals(1024, new UploadLimiter(1_000, clock).chunkBytes(256 * 1024), "but at least 1 KiB");

        limiter.rate(0);
        assertEquals(256 * 1024, limiter.chunkBytes(256 * 1024));
        assertTrue(limiter.acquire(10_000_000, () -> false));
        assertEquals(0, clock.slept, "unlimited now");

        limiter.rate(1_000_000);
        assertTrue(limiter.acquire(1_000_000, () -> false));
        assertEquals(SECOND, clock.slept, "capped again, starting from an empty bucket");
    }
}
