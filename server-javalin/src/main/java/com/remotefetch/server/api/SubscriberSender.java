package com.remotefetch.server.api;

import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends one SSE subscriber its events on a thread of its own, so a subscriber that reads slowly or
 * not at all blocks only its own sends (until Jetty's idle timeout drops it). What waits is
 * bounded: a snapshot replaces everything before it, a newer delta for an agent replaces an unsent
 * one for the same agent, and past {@link #MAX_PENDING} agents the subscriber is owed a snapshot
 * instead of the deltas.
 */
final class SubscriberSender {
    static final int MAX_PENDING = 1_000;

    /** One event to send. */
    record Event(String name, String data) {
    }

    private final SseClient client;
    private final Executor executor;
    /** Guarded by this. */
    private Event snapshot;
    /** Guarded by this; by agent id. */
    private final Map<String, Event> deltas = new LinkedHashMap<>();
    /** Guarded by this. */
    private boolean owedSnapshot;
    /** Guarded by this. */
    private boolean draining;

    SubscriberSender(SseClient client, Executor executor) {
        this.client = client;
        this.executor = executor;
    }

    synchronized void snapshot(Event event) {
        snapshot = event;
        deltas.clear();
        owedSnapshot = false;
        schedule();
    }

    synchronized void delta(String agentId, Event event) {
        if (owedSnapshot) {
            return;
        }
        deltas.remove(agentId);
        deltas.put(agentId, event);
        if (deltas.size() > MAX_PENDING) {
            deltas.clear();
            owedSnapshot = true; // the next diff round sends it
        }
        schedule();
    }

    /** True if this subscriber fell too far behind for deltas and needs a whole list. */
    synchronized boolean owesSnapshot() {
        return owedSnapshot;
    }

    void comment(String text) {
        executor.execute(() -> {
            if (!client.terminated()) {
                client.sendComment(text);
            }
        });
    }

    private void schedule() {
        if (!draining) {
            draining = true;
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                draining = false; // the server is shutting down; nobody is listening any more
            }
        }
    }

    private void drain() {
        while (true) {
            List<Event> batch = new ArrayList<>();
            synchronized (this) {
                if (snapshot != null) {
                    batch.add(snapshot);
                    snapshot = null;
                }
                batch.addAll(deltas.values());
                deltas.clear();
                if (batch.isEmpty() || client.terminated()) {
                    draining = false;
                    return;
                }
            }
            for (Event e : batch) {
                client.sendEvent(e.name(), e.data());
            }
        }
    }
}
