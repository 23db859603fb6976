package com.remotefetch.admin.api;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.sse.EventSource;

/**
 * The live agent list, kept live: subscribes to the server's event stream, and whenever that ends
 * (the server stopped, the link died, or it went silent) says so and subscribes again with backoff
 * until the server answers. Only refused credentials stop it. The app and the CLI both use it.
 */
public final class AgentFeed implements AutoCloseable {
    /** The server's stream sends at least every 15 s; this much silence means the link is dead. */
    public static final Duration SILENCE = Duration.ofSeconds(40);

    /** Told on OkHttp's or the scheduler's thread. */
    public interface Listener {
        /** The whole list. */
        void agents(Dtos.AgentList list);

        /** One agent connected or changed. */
        void agent(Dtos.AgentSummary agent);

        /** One agent left. */
        void left(String id);

        /** The list may be out of date; a new subscription starts in {@code retryIn}. */
        void lost(String why, Duration retryIn);

        /** The credentials were refused: the feed has stopped. */
        void refused(String why);
    }

    private final ApiClient api;
    private final ScheduledExecutorService scheduler;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration silence;
    private final Listener listener;

    /** Guarded by this. */
    private EventSource current;
    /** Guarded by this. */
    private ScheduledFuture<?> retry;
    /** Guarded by this. */
    private int failures;
    /** Guarded by this. */
    private boolean closed;

    public AgentFeed(ApiClient api, ScheduledExecutorService scheduler, Duration minBackoff, Duration maxBackoff,
                     Duration silence, Listener listener) {
        this.api = api;
        this.scheduler = scheduler;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.silence = silence;
        this.listener = listener;
    }

    public synchronized void start() {
        if (closed) {
            return;
        }
        EventSource[] self = new EventSource[1];
        self[0] = api.subscribeAgents(silence, new ApiClient.AgentEvents() {
            @Override
            public void agents(Dtos.AgentList list) {
                synchronized (AgentFeed.this) {
                    if (self[0] != current && current != null) {
                        return;
                    }
                    failures = 0;
                }
                listener.agents(list);
            }

            @Override
            public void agent(Dtos.AgentSummary agent) {
                if (current(self[0])) {
                    listener.agent(agent);
                }
            }

            @Override
            public void left(String id) {
                if (current(self[0])) {
                    listener.left(id);
                }
            }

            @Override
            public void ended(String why, boolean refused) {
                AgentFeed.this.ended(self[0], why, refused);
            }
        });
        current = self[0];
    }

    private synchronized boolean current(EventSource source) {
        return source == current;
    }

    private void ended(EventSource source, String why, boolean refused) {
        Duration delay;
        synchronized (this) {
            if (closed || (current != null && source != null && source != current)) {
                return;
            }
            current = null;
            if (refused) {
                listener.refused(why);
                return;
            }
            long millis = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.min(failures, 20));
            failures++;
            delay = Duration.ofMillis(millis);
            retry = scheduler.schedule(this::start, millis, TimeUnit.MILLISECONDS);
        }
        listener.lost(why, delay);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (current != null) {
            current.cancel();
        }
    }
}
