package com.remotefetch.server.api;

import com.remotefetch.server.hub.AgentHub;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/events}: Server-Sent Events with the whole agent list ({@code event: agents})
 * on subscribe, whenever an agent connects, leaves or changes its files, and every 15 s (which
 * also refreshes heartbeats and keeps proxies from closing an idle stream).
 */
public final class AgentEvents implements AutoCloseable {
    private final AgentHub hub;
    private final JsonAdapter<ApiRoutes.AgentList> adapter;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-agents");
        t.setDaemon(true);
        return t;
    });

    public AgentEvents(AgentHub hub, Moshi moshi) {
        this.hub = hub;
        this.adapter = moshi.adapter(ApiRoutes.AgentList.class);
        hub.addListener(() -> {
            try {
                timer.execute(this::broadcast);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the server is shutting down; nobody is listening any more
            }
        });
        timer.scheduleWithFixedDelay(this::broadcast, 15, 15, TimeUnit.SECONDS);
    }

    public void subscribe(SseClient client) {
        client.keepAlive();
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        send(client, snapshot());
    }

    private void broadcast() {
        String data = snapshot();
        clients.forEach(c -> send(c, data));
    }

    private String snapshot() {
        var agents = hub.sessions().stream().map(ApiRoutes.AgentView::of).toList();
        return adapter.toJson(new ApiRoutes.AgentList(agents.size(), agents));
    }

    private void send(SseClient client, String data) {
        synchronized (client) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent("agents", data);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        clients.forEach(SseClient::close);
    }
}
