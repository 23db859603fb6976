package com.remotefetch.server.api;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one SSE subscriber the newest agent list on a thread of its own, so a subscriber that
 * reads slowly or not at all blocks only its own sends (until Jetty's idle timeout drops it), and
 * holds at most one unsent list: a newer list replaces one not sent yet, since each is whole.
 */
final class LatestEventSender {
    private final SseClient client;
    private final String event;
    private final Executor executor;
    private final AtomicReference<String> pending = new AtomicReference<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    LatestEventSender(SseClient client, String event, Executor executor) {
        this.client = client;
        this.event = event;
        this.executor = executor;
    }

    void offer(String data) {
        pending.set(data);
        schedule();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                draining.set(false); // the server is shutting down; nobody is listening any more
            }
        }
    }

    private void drain() {
        try {
            for (String data; (data = pending.getAndSet(null)) != null && !client.terminated(); ) {
                client.sendEvent(event, data);
            }
        } finally {
            draining.set(false);
        }
        if (pending.get() != null && !client.terminated()) {
            schedule(); // offered between the last poll and clearing the flag
        }
    }
}
