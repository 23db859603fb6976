package com.remotefetch.server.hub;

import com.remotefetch.server.hub.Transfer.Refusal;
import com.remotefetch.server.hub.Transfer.RefusedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The order in which one transfer's upload segments are copied: by offset, one at a time, with at
 * most one more waiting. The agent starts the next segment, on another connection, as soon as it
 * has written the current one's body, so a segment may arrive while the one before is copied, or
 * even before that one has arrived: it waits here, its bytes unread in TCP buffers.
 */
final class SegmentOrder {
    /** How often a waiting segment checks whether the transfer ended or its gap timed out. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final long transferId;
    private final long segmentBytes;
    /** Bytes of the transfer copied so far. */
    private final LongSupplier done;
    private final BooleanSupplier finished;
    /** Guarded by this: a segment is being copied. */
    private boolean copying;
    /** Guarded by this: the offsets of the segments being copied or waiting. */
    private final List<Long> present = new ArrayList<>(2);

    SegmentOrder(long transferId, long segmentBytes, LongSupplier done, BooleanSupplier finished) {
        this.transferId = transferId;
        this.segmentBytes = segmentBytes;
        this.done = done;
        this.finished = finished;
    }

    /**
     * Waits until no segment is being copied and every byte before {@code offset} has been, for as
     * long as the transfer lasts (its own timeouts end it). A segment ahead of the bytes copied
     * waits up to {@code gapWait} for the one before it to arrive. One that overlaps bytes already
     * copied, or could not be the next full segment, is refused at once; so is a third segment.
     */
    synchronized void await(long offset, Duration gapWait) throws RefusedException, InterruptedException {
        if (present.size() >= 2) {
            throw new RefusedException(Refusal.BUSY, "transfer " + transferId
                    + " already has a segment running and one waiting");
        }
        present.add(offset);
        boolean ready = false;
        try {
            long lastDone = -1;
            long gapDeadline = 0;
            while (true) {
                if (finished.getAsBoolean()) {
                    throw new RefusedException(Refusal.GONE, "transfer " + transferId + " ended while this segment waited");
                }
                long copied = done.getAsLong();
                if (copied != lastDone) {
                    lastDone = copied;
                    gapDeadline = System.nanoTime() + gapWait.toNanos();
                }
                if (copied == offset) {
                    if (!copying) {
                        copying = true;
                        ready = true;
                        return;
                    }
                    // else the segment before has copied its last byte and is about to hand over
                } else if (!mayWaitAhead(offset, copied)
                        || (!copying && !present.contains(copied) && System.nanoTime() > gapDeadline)) {
                    throw new RefusedException(Refusal.WRONG_OFFSET, "transfer " + transferId + " has " + copied
                            + " bytes; a segment at " + offset + " does not follow them");
                }
                wait(POLL.toMillis());
            }
        } finally {
            if (!ready) {
                present.remove(Long.valueOf(offset));
            }
        }
    }

    /** The segment at {@code offset} is done copying, whether it completed or not. */
    synchronized void release(long offset) {
        copying = false;
        present.remove(Long.valueOf(offset));
        notifyAll();
    }

    /** The transfer ended: waiting segments find out now rather than at their next poll. */
    synchronized void wakeAll() {
        notifyAll();
    }

    /**
     * Whether a segment at {@code offset} can follow a segment not yet copied: agents send full
     * segments until the last, so it starts on a segment boundary at most one segment beyond.
     */
    private boolean mayWaitAhead(long offset, long copied) {
        return offset > copied && offset - copied <= segmentBytes && offset % segmentBytes == 0;
    }
}
