package com.remotefetch.agent.transfer;

/** Bytes a transfer may still send. The socket reader adds, the transfer's worker takes. */
final class Credit {
    /** Guarded by this. */
    private long available;
    /** Guarded by this. */
    private boolean cancelled;

    Credit(long initial) {
        this.available = initial;
    }

    synchronized void add(long bytes) {
        available += bytes;
        notifyAll();
    }

    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Waits for credit, then takes up to {@code max} bytes of it; returns 0 once cancelled. */
    synchronized int take(int max) throws InterruptedException {
        while (available == 0 && !cancelled) {
            wait();
        }
        if (cancelled) {
            return 0;
        }
        int n = (int) Math.min(max, available);
        available -= n;
        return n;
    }
}
