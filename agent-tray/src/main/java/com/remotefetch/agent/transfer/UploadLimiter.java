package com.remotefetch.agent.transfer;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Caps the bytes per second that all of this agent's transfers send together, so that a big
 * download does not fill the restaurant's uplink that its tills and card terminals share. A
 * token bucket holding at most a quarter second of sending: each chunk reserves its bytes, and
 * waits out any debt, so concurrent transfers share the rate in turn.
 */
public final class UploadLimiter {
    /** Time, replaceable in tests. */
    public interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };

        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** How often a waiting transfer looks whether it was cancelled. */
    static final long CANCEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The highest cap; it also keeps the bucket's arithmetic within a long. */
    public static final long MAX_BYTES_PER_SECOND = 1_000_000_000L;
    /** The lowest cap: slower, a download would look stalled to the server. */
    public static final long MIN_BYTES_PER_SECOND = 1_000L;
    private static final int MIN_CHUNK = 1024;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Clock clock;
    /** Guarded by this. */
    private long bytesPerSecond;
    /** Guarded by this. */
    private long burst;
    /** Guarded by this; negative while chunks wait out their reservations. */
    private long available;
    /** Guarded by this. */
    private long refilledAt;

    /** @param bytesPerSecond the cap; 0 for none */
    public UploadLimiter(long bytesPerSecond, Clock clock) {
        this.clock = clock;
        this.refilledAt = clock.nanoTime();
        rate(bytesPerSecond);
        this.available = burst;
    }

    public static UploadLimiter unlimited() {
        return new UploadLimiter(0, Clock.SYSTEM);
    }

    public synchronized long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Changes the cap, for the transfers already running too (the config file was edited). */
    public synchronized void rate(long newBytesPerSecond) {
        if (newBytesPerSecond != 0
                && (newBytesPerSecond < MIN_BYTES_PER_SECOND || newBytesPerSecond > MAX_BYTES_PER_SECOND)) {
            throw new IllegalArgumentException("an upload cap is between 1 kB/s and 1 GB/s, or 0 for none: "
                    + newBytesPerSecond);
        }
        if (newBytesPerSecond == bytesPerSecond) {
            return;
        }
        bytesPerSecond = newBytesPerSecond;
        burst = Math.max(1, newBytesPerSecond / 4);
        available = 0; // a new cap starts from an empty bucket
        refilledAt = clock.nanoTime();
    }

    /**
     * The most one frame should carry under the cap: a quarter second of sending, so that a slow
     * cap still sends often (the server gives up on a download that sends nothing for 30 s).
     */
    public synchronized int chunkBytes(int largest) {
        return bytesPerSecond == 0 ? largest : (int) Math.min(largest, Math.max(MIN_CHUNK, burst));
    }

    /**
     * Waits until {@code bytes} may be sent. Returns false, giving the bytes back, if
     * {@code cancelled} turns true while waiting; it is looked at every 100 ms.
     */
    public boolean acquire(int bytes, BooleanSupplier cancelled) throws InterruptedException {
        long wait;
        synchronized (this) {
            if (bytesPerSecond == 0) {
                return true;
            }
            refill();
            available -= bytes;
            wait = available >= 0 ? 0 : -available * SECOND / bytesPerSecond;
        }
        long until = clock.nanoTime() + wait;
        for (long left = wait; left > 0 && bytesPerSecond() != 0; left = until - clock.nanoTime()) {
            if (cancelled.getAsBoolean()) {
                synchronized (this) {
                    available += bytes;
                }
                return false;
            }
            clock.sleepNanos(Math.min(left, CANCEL_CHECK_NANOS));
        }
        return true;
    }

    /** Guarded by this. */
    private void refill() {
        long now = clock.nanoTime();
        if (bytesPerSecond == 0) {
            refilledAt = now;
            return;
        }
        long elapsed = Math.min(now - refilledAt, SECOND); // a second refills more than the burst anyway
        available = Math.min(burst, available + elapsed * bytesPerSecond / SECOND);
        refilledAt = now;
    }
}
