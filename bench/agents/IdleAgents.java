import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A light load generator for bench/agents-bench.sh: N idle agents speaking the agent protocol
 * (hello, a WebSocket ping every 45 s and a heartbeat every 5 min, as the real agent; -DpingSeconds
 * and -DheartbeatSeconds change them), on the JDK's NIO WebSocket client so that 10,000 of them
 * need a handful of threads. Each reconnects after a random 0.5-5 s when its socket
 * closes, as real agents do after a server restart. Prints "connected N" lines as counts change.
 *
 *   java IdleAgents.java COUNT ws://127.0.0.1:PORT/ws/agent [ws://... more servers, round robin]
 */
public final class IdleAgents {
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2);
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ConcurrentHashMap<Integer, WebSocket> SOCKETS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        List<String> servers = List.of(args).subList(1, args.length);
        for (int i = 0; i < count; i++) {
            connect(i, URI.create(servers.get(i % servers.size())));
            if (i % 200 == 199) {
                Thread.sleep(20); // a gentle ramp: the connect storm of a fleet switching on, not a SYN flood
            }
        }
        // As the real agent keeps its link: a WebSocket ping every PING_SECONDS (the server's Jetty
        // answers it), and a heartbeat message every HEARTBEAT_SECONDS for the listing's last-heartbeat.
        long ping = Long.getLong("pingSeconds", 45);
        long heartbeat = Long.getLong("heartbeatSeconds", 300);
        TIMER.scheduleAtFixedRate(() -> SOCKETS.values().forEach(ws -> ws.sendPing(ByteBuffer.allocate(0))),
                ping, ping, TimeUnit.SECONDS);
        TIMER.scheduleAtFixedRate(() -> SOCKETS.values().forEach(ws ->
                ws.sendText("{\"type\":\"heartbeat\",\"sentAtMillis\":" + System.currentTimeMillis() + "}", true)),
                heartbeat, heartbeat, TimeUnit.SECONDS);
        int last = -1;
        while (true) {
            int now = OPEN.get();
            if (now != last) {
                System.out.println("connected " + now);
                System.out.flush();
                last = now;
            }
            Thread.sleep(200);
        }
    }

    private static void connect(int n, URI server) {
        String id = "bench_" + n;
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(server, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.sendText("{\"type\":\"hello\",\"protocol\":2,\"clientId\":\"" + id + "\",\"agentVersion\":\"bench\","
                        + "\"hostname\":\"bench\",\"files\":[{\"name\":\"file_to_download.txt\",\"size\":1,\"modifiedMillis\":0}]}", true);
                SOCKETS.put(n, ws);
                OPEN.incrementAndGet();
                ws.request(Long.MAX_VALUE);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                lost(n, server);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                lost(n, server);
            }
        }).exceptionally(e -> {
            retry(n, server);
            return null;
        });
    }

    private static void lost(int n, URI server) {
        if (SOCKETS.remove(n) != null) {
            OPEN.decrementAndGet();
        }
        retry(n, server);
    }

    private static void retry(int n, URI server) {
        TIMER.schedule(() -> connect(n, server), ThreadLocalRandom.current().nextLong(500, 5000), TimeUnit.MILLISECONDS);
    }
}
