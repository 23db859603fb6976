package com.remotefetch.server.api;

import com.remotefetch.server.hub.AgentDirectory;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/events}: Server-Sent Events with the whole agent list ({@code event: agents})
 * on subscribe, whenever an agent connects, leaves or changes its files, and every 15 s (which
 * also refreshes heartbeats and keeps proxies from closing an idle stream). Each subscriber is
 * written by its own {@link LatestEventSender}, so one that stops reading delays nobody else.
 */
public final class AgentEvents implements AutoCloseable {
    /** The one Accept header Javalin's SSE handler serves. */
    public static final String ACCEPT = "text/event-stream";
    private final AgentDirectory directory;
    private final JsonAdapter<ApiRoutes.AgentList> adapter;
    private final Map<SseClient, LatestEventSender> clients = new ConcurrentHashMap<>();
    /** The bearer token each subscriber came with (absent in open mode), checked again while it listens. */
    private final Map<SseClient, String> credentials = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sse-send");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-agents");
        t.setDaemon(true);
        return t;
    });

    public AgentEvents(AgentDirectory directory, Moshi moshi) {
        this.directory = directory;
        this.adapter = moshi.adapter(ApiRoutes.AgentList.class);
        directory.onChange(() -> onTimer(this::broadcast));
        timer.scheduleWithFixedDelay(this::broadcast, 15, 15, TimeUnit.SECONDS);
    }

    public void subscribe(SseClient client) {
        client.keepAlive();
        LatestEventSender sender = new LatestEventSender(client, "agents", senders);
        clients.put(client, sender);
        String credential = Bearer.of(client.ctx());
        if (credential != null) {
            credentials.put(client, credential);
        }
        client.onClose(() -> {
            clients.remove(client);
            credentials.remove(client);
        });
        // Lists are made and offered on the timer thread only, so a subscriber never gets an older
        // list after a newer one.
        onTimer(() -> sender.offer(snapshot()));
    }

    /** Ends the streams of subscribers whose token no longer holds; returns how many. */
    public int closeWhere(Predicate<String> withdrawn) {
        int closed = 0;
        for (Map.Entry<SseClient, String> e : credentials.entrySet()) {
            if (withdrawn.test(e.getValue())) {
                credentials.remove(e.getKey());
                clients.remove(e.getKey());
                e.getKey().close();
                closed++;
            }
        }
        return closed;
    }

    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the server is shutting down; nobody is listening any more
        }
    }

    private void broadcast() {
        clients.keySet().removeIf(SseClient::terminated);
        String data = snapshot();
        clients.values().forEach(sender -> sender.offer(data));
    }

    private String snapshot() {
        var agents = directory.list().stream().map(ApiRoutes.AgentView::of).toList();
        return adapter.toJson(new ApiRoutes.AgentList(agents.size(), agents));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdownNow();
        clients.keySet().forEach(SseClient::close);
    }
}
