package com.remotefetch.server.hub;

import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.ProtocolException;
import com.remotefetch.protocol.UploadOffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download in flight between an agent and an HTTP response.
 *
 * <p>Control messages arrive on the agent socket's thread ({@code on*}), which only ever enqueues
 * and never blocks; the download's thread ({@link #next}) takes them in order.
 *
 * <p>Bytes come one of two ways. On the upload path (protocol 2) the agent POSTs segments and the
 * upload's request thread copies each one straight into the admin's response ({@link #upload}),
 * one buffer at a time: it reads from the agent only as fast as the admin's connection accepts,
 * so TCP is the flow control and one buffer is the memory cost. On the frame path (protocol 1, or
 * where an upload cannot get through) frames are queued as {@link Chunk} events and the download's
 * thread writes them, handing credit back as the admin's connection accepts bytes; the agent may
 * hold at most {@code window} unacknowledged bytes, so the queue never holds more than one window.
 */
public final class Transfer {

    /** Why a transfer failed; each has its HTTP status if it fails before the first byte. */
    public enum Failure {
        AGENT_GONE, AGENT_ERROR, PROTOCOL_ERROR, ADMIN_GONE,
        /** The admin's token was withdrawn while the download ran. */
        CREDENTIAL_WITHDRAWN
    }

    /** Why an upload segment was refused; the upload endpoint gives each its HTTP status. */
    public enum Refusal {
        /** The transfer ended, was cancelled, or its download never got as far as its headers. */
        GONE,
        /** The segment does not start where the bytes received so far end. */
        WRONG_OFFSET,
        /** The segment would carry more bytes than the transfer has left. */
        TOO_LONG,
        /** One segment of this transfer is being received and another is already waiting behind it. */
        BUSY
    }

    /** An upload segment the transfer would not take; nothing about the download changed. */
    public static final class RefusedException extends Exception {
        private final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** Size of the one buffer an upload is copied through. */
    public static final int UPLOAD_BUFFER_BYTES = 64 * 1024;

    /** What the HTTP side takes, in order. */
    public sealed interface Event {
    }

    public record Meta(Message.FileMeta meta) implements Event {
    }

    public record Chunk(ByteBuffer bytes) implements Event {
    }

    public record End(Message.TransferEnd end) implements Event {
    }

    public record Failed(Failure failure, String message, Message.TransferError agentError) implements Event {
    }

    private final long id;
    private final AgentSession agent;
    private final int window;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Bytes the agent may still send: granted minus received. */
    private final AtomicLong credit;
    private final AtomicBoolean finished = new AtomicBoolean();

    /** Written on the agent's socket thread only; read by upload threads too. */
    private volatile long expected = -1;
    private volatile long received;

    /** HTTP thread only. */
    private long consumedSinceGrant;

    /** The upload side: where segments go once the response's headers are out, and what has gone. */
    private final UploadOffer offer;
    private final CountDownLatch sinkReady = new CountDownLatch(1);
    private volatile OutputStream sink;
    private final AtomicLong uploaded = new AtomicLong();
    /** Whose turn it is to copy: segments go in offset order, one at a time. Null for a frames-only agent. */
    private final SegmentOrder order;
    private volatile boolean uploadStarted;
    private volatile boolean writingToAdmin;
    private volatile long lastUploadNanos = System.nanoTime();
    /** Used only by the thread whose turn it is to copy. */
    private byte[] buffer;

    public Transfer(long id, AgentSession agent, int window, UploadOffer offer) {
        this.id = id;
        this.agent = agent;
        this.window = window;
        this.credit = new AtomicLong(window);
        this.offer = offer;
        this.order = offer == null ? null : new SegmentOrder(id, offer.segmentBytes(),
                () -> uploaded.get() + received, finished::get);
    }

    public long id() {
        return id;
    }

    /** How the agent was told to upload, or null for a frames-only agent. */
    public UploadOffer offer() {
        return offer;
    }

    /** The client id of the agent this transfer is from. */
    public String clientId() {
        return agent.clientId();
    }

    // ---- agent side ----------------------------------------------------------------------------

    public void onMeta(Message.FileMeta meta) throws ProtocolException {
        if (expected >= 0) {
            throw new ProtocolException("second meta for transfer " + id);
        }
        expected = meta.length();
        events.add(new Meta(meta));
    }

    public void onData(ByteBuffer payload) throws ProtocolException {
        int n = payload.remaining();
        if (expected < 0) {
            throw new ProtocolException("bytes before meta for transfer " + id);
        }
        if (credit.addAndGet(-n) < 0) {
            throw new ProtocolException("agent sent " + n + " bytes beyond its credit on transfer " + id);
        }
        if (offer != null && received == 0 && uploaded.get() == 0) {
            agent.uploadFellBack(this);
        }
        received += n;
        if (received + uploaded.get() > expected) {
            throw new ProtocolException("agent sent more than the " + expected + " bytes announced for transfer " + id);
        }
        events.add(new Chunk(payload));
    }

    public void onEnd(Message.TransferEnd end) throws ProtocolException {
        if (expected < 0) {
            throw new ProtocolException("end before meta for transfer " + id);
        }
        events.add(new End(end));
    }

    public void onError(Message.TransferError error) {
        events.add(new Failed(Failure.AGENT_ERROR, error.message(), error));
    }

    /** The connection is gone or misbehaved; safe from any thread, any number of times. */
    public void fail(Failure failure, String message) {
        events.add(new Failed(failure, message, null));
    }

    // ---- HTTP side -----------------------------------------------------------------------------

    /** The next event, or null if none arrived within {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The admin's connection took {@code n} more bytes. Credit goes back to the agent in quarter
     * windows, so a fast reader keeps the agent busy and a stalled one stops it.
     */
    public void consumed(int n) {
        consumedSinceGrant += n;
        if (consumedSinceGrant >= window / 4) {
            long grant = consumedSinceGrant;
            consumedSinceGrant = 0;
            credit.addAndGet(grant);
            agent.send(new Message.Credit(id, grant));
        }
    }

    /**
     * The response's headers are out: from now on upload segments are written to {@code out}.
     * The download's thread must not write to it itself until an end or failure event arrives.
     */
    public void attachSink(OutputStream out) {
        this.sink = out;
        sinkReady.countDown();
    }

    /** Bytes the upload path has written to the admin. */
    public long uploaded() {
        return uploaded.get();
    }

    /**
     * When the agent last made progress on the upload path: now while a segment waits on the
     * admin's connection (a slow admin is not a stalled agent), else when its last bytes arrived.
     */
    public long lastUploadNanos() {
        return writingToAdmin ? System.nanoTime() : lastUploadNanos;
    }

    // ---- upload side (an upload request's thread) -----------------------------------------------

    /** Whether the credential may still start this transfer's upload. */
    public boolean uploadExpired(long nowMillis) {
        return !uploadStarted && offer != null && nowMillis > offer.expiresAtMillis();
    }

    /**
     * Copies one segment of {@code length} bytes starting at transfer byte {@code offset} from the
     * agent's request body into the admin's response, one buffer at a time.
     *
     * <p>Segments are copied in the order of their offsets ({@link SegmentOrder}): the agent
     * starts the next one as soon as it has written the current one's body, so that no segment
     * boundary drains the path between agent and admin.
     *
     * @param wait how long to wait for the download to have sent its headers (the meta travels
     *             on the socket and may arrive after the first segment), and for the segment
     *             before this one to arrive
     * @throws RefusedException a segment the transfer cannot take; nothing changed
     * @throws IOException      the agent's body broke off (the download fails) or the admin went
     *                          away (the transfer is cancelled)
     */
    public void upload(long offset, long length, InputStream body, Duration wait)
            throws RefusedException, IOException, InterruptedException {
        if (!sinkReady.await(wait.toNanos(), TimeUnit.NANOSECONDS) || finished.get()) {
            throw new RefusedException(Refusal.GONE, "transfer " + id + " is not (or no longer) receiving");
        }
        order.await(offset, wait);
        try {
            long done = uploaded.get() + received;
            if (length > expected - done) {
                throw new RefusedException(Refusal.TOO_LONG, "transfer " + id + " has " + (expected - done)
                        + " bytes left, not " + length);
            }
            uploadStarted = true;
            copy(length, body);
        } finally {
            order.release(offset);
        }
    }

    private void wakeWaitingSegments() {
        if (order != null) {
            order.wakeAll();
        }
    }

    private void copy(long length, InputStream body) throws IOException {
        if (buffer == null) {
            buffer = new byte[UPLOAD_BUFFER_BYTES];
        }
        OutputStream out = sink;
        for (long left = length; left > 0; ) {
            int n;
            try {
                n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("the upload ended " + left + " bytes early");
                }
            } catch (IOException e) {
                fail(Failure.AGENT_GONE, "agent " + agent.clientId() + "'s upload broke off: " + e.getMessage());
                throw e;
            }
            lastUploadNanos = System.nanoTime();
            try {
                writingToAdmin = true;
                out.write(buffer, 0, n);
                // The response aggregates writes; it goes out when full, or now if the agent has
                // nothing more waiting, so a slow upload still reaches the admin as it trickles in.
                if (left == n || body.available() == 0) {
                    out.flush();
                }
            } catch (IOException e) {
                cancel("admin disconnected");
                fail(Failure.ADMIN_GONE, "the admin went away: " + e.getMessage());
                throw e;
            } finally {
                writingToAdmin = false;
            }
            lastUploadNanos = System.nanoTime();
            uploaded.addAndGet(n);
            left -= n;
        }
    }

    /** Tells the agent to stop (the admin went away, or the server gave up) and forgets the transfer. */
    public void cancel(String reason) {
        if (finished.compareAndSet(false, true)) {
            sinkReady.countDown(); // a segment waiting for headers that will never come is refused now
            wakeWaitingSegments();
            agent.forget(this);
            agent.send(new Message.Cancel(id, reason));
        }
    }

    /** The HTTP side is done; later frames for this id are dropped. */
    public void finish() {
        if (finished.compareAndSet(false, true)) {
            sinkReady.countDown();
            wakeWaitingSegments();
            agent.forget(this);
        }
    }
}
