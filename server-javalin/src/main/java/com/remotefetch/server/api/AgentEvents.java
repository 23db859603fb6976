package com.remotefetch.server.api;

import com.remotefetch.server.hub.AgentDirectory;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@code GET /api/events}: Server-Sent Events about the agents. A subscriber first gets the whole
 * list ({@code event: agents}), then only what changes: {@code agent-joined} and
 * {@code agent-changed} (the agent, as in {@code /api/agents}) and {@code agent-left}
 * ({@code {"id": ...}}). Changes are gathered for a quarter of a second and compared with the
 * last state sent, so a reconnect storm of thousands of agents becomes a few small batches; with
 * no subscriber nothing is listed at all. A comment every 15 s keeps proxies and the admin app's
 * dead-link detection content, and a whole list every 5 minutes refreshes heartbeats. Each
 * subscriber is written by its own {@link SubscriberSender}, so one that stops reading delays
 * nobody else.
 */
public final class AgentEvents implements AutoCloseable {
    /** The one Accept header Javalin's SSE handler serves. */
    public static final String ACCEPT = "text/event-stream";
    static final long GATHER_MILLIS = 250;
    static final long KEEPALIVE_SECONDS = 15;
    static final long SNAPSHOT_MINUTES = 5;

    private final AgentDirectory directory;
    private final JsonAdapter<ApiRoutes.AgentList> listJson;
    private final JsonAdapter<ApiRoutes.AgentView> agentJson;
    private final Map<SseClient, SubscriberSender> clients = new ConcurrentHashMap<>();
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
    private final AtomicBoolean roundPending = new AtomicBoolean();
    /** What subscribers were last told, by id; timer thread only. */
    private Map<String, ApiRoutes.AgentView> sent = new LinkedHashMap<>();

    public AgentEvents(AgentDirectory directory, Moshi moshi) {
        this.directory = directory;
        this.listJson = moshi.adapter(ApiRoutes.AgentList.class);
        this.agentJson = moshi.adapter(ApiRoutes.AgentView.class);
        directory.onChange(this::changed);
        timer.scheduleWithFixedDelay(this::keepAlive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::snapshotAll, SNAPSHOT_MINUTES, SNAPSHOT_MINUTES, TimeUnit.MINUTES);
    }

    public void subscribe(SseClient client) {
        client.keepAlive();
        SubscriberSender sender = new SubscriberSender(client, senders);
        String credential = Bearer.of(client.ctx());
        if (credential != null) {
            credentials.put(client, credential);
        }
        client.onClose(() -> {
            clients.remove(client);
            credentials.remove(client);
        });
        // On the timer thread, like every round, so the list and the deltas after it agree.
        onTimer(() -> {
            if (clients.isEmpty()) {
                sent = current();
            }
            clients.put(client, sender);
            sender.snapshot(snapshotEvent());
        });
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

    /** Something changed somewhere: one round a quarter of a second from now covers it and whatever follows. */
    private void changed() {
        if (roundPending.compareAndSet(false, true)) {
            try {
                timer.schedule(this::round, GATHER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                roundPending.set(false);
            }
        }
    }

    /** Compares the agents now with what subscribers were told and sends them the difference. */
    private void round() {
        roundPending.set(false);
        clients.keySet().removeIf(SseClient::terminated);
        if (clients.isEmpty()) {
            sent = new LinkedHashMap<>(); // nobody listens: no listing work at all
            return;
        }
        Map<String, ApiRoutes.AgentView> now = current();
        for (Map.Entry<String, ApiRoutes.AgentView> e : now.entrySet()) {
            ApiRoutes.AgentView before = sent.get(e.getKey());
            if (before == null) {
                offer(e.getKey(), new SubscriberSender.Event("agent-joined", agentJson.toJson(e.getValue())));
            } else if (!sameApartFromHeartbeat(before, e.getValue())) {
                offer(e.getKey(), new SubscriberSender.Event("agent-changed", agentJson.toJson(e.getValue())));
            }
        }
        for (String gone : sent.keySet()) {
            if (!now.containsKey(gone)) {
                offer(gone, new SubscriberSender.Event("agent-left", "{\"id\":\"" + gone + "\"}"));
            }
        }
        sent = now;
        SubscriberSender.Event whole = null;
        for (SubscriberSender sender : clients.values()) {
            if (sender.owesSnapshot()) {
                whole = whole != null ? whole : snapshotEvent();
                sender.snapshot(whole);
            }
        }
    }

    private void offer(String id, SubscriberSender.Event event) {
        clients.values().forEach(sender -> sender.delta(id, event));
    }

    private void snapshotAll() {
        clients.keySet().removeIf(SseClient::terminated);
        if (clients.isEmpty()) {
            return;
        }
        sent = current();
        SubscriberSender.Event whole = snapshotEvent();
        clients.values().forEach(sender -> sender.snapshot(whole));
    }

    private void keepAlive() {
        clients.keySet().removeIf(SseClient::terminated);
        clients.values().forEach(sender -> sender.comment("keep-alive"));
    }

    private Map<String, ApiRoutes.AgentView> current() {
        Map<String, ApiRoutes.AgentView> byId = new LinkedHashMap<>();
        directory.list().forEach(a -> byId.put(a.id(), ApiRoutes.AgentView.of(a)));
        return byId;
    }

    private SubscriberSender.Event snapshotEvent() {
        List<ApiRoutes.AgentView> agents = List.copyOf(sent.values());
        return new SubscriberSender.Event("agents", listJson.toJson(new ApiRoutes.AgentList(agents.size(), agents)));
    }

    private static boolean sameApartFromHeartbeat(ApiRoutes.AgentView a, ApiRoutes.AgentView b) {
        return Objects.equals(a.connectedSince(), b.connectedSince()) && Objects.equals(a.files(), b.files())
                && Objects.equals(a.hostname(), b.hostname()) && Objects.equals(a.agentVersion(), b.agentVersion())
                && a.activeTransfers() == b.activeTransfers() && Objects.equals(a.remoteAddress(), b.remoteAddress());
    }

    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the server is shutting down; nobody is listening any more
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdownNow();
        clients.keySet().forEach(SseClient::close);
    }
}
