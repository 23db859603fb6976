package com.remotefetch.server.hub;

import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download in flight between an agent connection and an HTTP response.
 *
 * <p>The agent side ({@code on*}, on the socket's thread) only ever enqueues and never blocks; the
 * HTTP side ({@link #next}, {@link #consumed}) takes events and hands credit back as the admin's
 * connection accepts bytes. The agent may hold at most {@code window} unacknowledged bytes, so the
 * queue never holds more than one window: that is the server's whole memory cost per transfer.
 */
public final class Transfer {

    /** Why a transfer failed; each has its HTTP status if it fails before the first byte. */
    public enum Failure {
        AGENT_GONE, AGENT_ERROR, PROTOCOL_ERROR
    }

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

    /** Agent thread only. */
    private long expected = -1;
    private long received;

    /** HTTP thread only. */
    private long consumedSinceGrant;

    public Transfer(long id, AgentSession agent, int window) {
        this.id = id;
        this.agent = agent;
        this.window = window;
        this.credit = new AtomicLong(window);
    }

    public long id() {
        return id;
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
        received += n;
        if (received > expected) {
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

    /** Tells the agent to stop (the admin went away, or the server gave up) and forgets the transfer. */
    public void cancel(String reason) {
        if (finished.compareAndSet(false, true)) {
            agent.forget(this);
            agent.send(new Message.Cancel(id, reason));
        }
    }

    /** The HTTP side is done; later frames for this id are dropped. */
    public void finish() {
        if (finished.compareAndSet(false, true)) {
            agent.forget(this);
        }
    }
}
