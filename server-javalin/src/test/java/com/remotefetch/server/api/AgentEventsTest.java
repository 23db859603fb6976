package com.remotefetch.server.api;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ArrayList;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /api/events}: every subscriber hears of changes, however slowly the others read. */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class AgentEventsTest {
    private RelayFixture relay;
    private final OkHttpClient wsClient = new OkHttpClient();

    {
        // Every raw agent holds a socket open: let more than OkHttp's default 5 per host connect at once.
        wsClient.dispatcher().setMaxRequestsPerHost(500);
        wsClient.dispatcher().setMaxRequests(500);
    }

    @BeforeEach
    void setUp(RelayFixture relay) {
        this.relay = relay;
    }

    @AfterEach
    void tearDown() {
        wsClient.dispatcher().executorService().shutdown();
    }

    @Test
    void aSubscriberThatStopsReadingDoesNotDelayTheOthers() throws Exception {
        // One agent sharing thousands of files makes every event about half a megabyte, so a
        // subscriber that never reads fills its socket buffers within a few events.
        FileInfo[] many = new FileInfo[3000];
        for (int i = 0; i < many.length; i++) {
            many[i] = new FileInfo("%04d-%s.csv".formatted(i, "x".repeat(120)), i, 1_700_000_000_000L);
        }
        try (RawAgent big = new RawAgent(wsClient, relay.baseUrl()).hello("big", many);
             Socket stalled = subscribe(1024);
             Socket healthy = subscribe(0)) {
            BlockingQueue<String> heard = readEvents(healthy);
            awaitEventMentioning(heard, "\"big\"");

            for (int i = 0; i < 20; i++) { // 40 events of ~0.5 MB that the stalled one never reads
                try (RawAgent churn = new RawAgent(wsClient, relay.baseUrl()).hello("churn-" + i)) {
                    awaitEventMentioning(heard, "\"churn-" + i + "\"");
                }
            }
            try (RawAgent late = new RawAgent(wsClient, relay.baseUrl()).hello("late")) {
                awaitEventMentioning(heard, "\"late\"");
            }
        }
    }

    @Test
    void aSubscriberGetsTheWholeListOnceThenOnlyWhatChanges() throws Exception {
        try (RawAgent first = new RawAgent(wsClient, relay.baseUrl()).hello("first");
             Socket subscriber = subscribe(0)) {
            BlockingQueue<String> events = readNamedEvents(subscriber);
            assertTrue(next(events).startsWith("agents {\"count\":1,"), "the whole list first");
            try (RawAgent second = new RawAgent(wsClient, relay.baseUrl()).hello("second")) {
                String joined = next(events);
                assertTrue(joined.startsWith("agent-joined {\"id\":\"second\""), joined);
            }
            assertEquals("agent-left {\"id\":\"second\"}", next(events));
        }
    }

    @Test
    void aStormOfConnectsReachesASubscriberAsOneSmallEventPerAgent() throws Exception {
        try (Socket subscriber = subscribe(0)) {
            BlockingQueue<String> events = readNamedEvents(subscriber);
            assertTrue(next(events).startsWith("agents {\"count\":0,"));
            List<RawAgent> storm = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    storm.add(new RawAgent(wsClient, relay.baseUrl()).hello("storm-" + i));
                }
                Set<String> joined = new HashSet<>();
                while (joined.size() < 200) {
                    String event = next(events);
                    assertTrue(event.startsWith("agent-joined {\"id\":\"storm-"), "no whole lists, only deltas: "
                            + event.substring(0, Math.min(60, event.length())));
                    joined.add(event.substring(0, event.indexOf(',')));
                }
            } finally {
                storm.forEach(RawAgent::close);
            }
        }
    }

    /** "name data" for each event of {@code socket}, on a daemon thread. */
    private static BlockingQueue<String> readNamedEvents(Socket socket) throws IOException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                String name = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:") && name != null) {
                        events.add(name + " " + line.substring(5).trim());
                        name = null;
                    }
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static String next(BlockingQueue<String> events) throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 5 s");
        return event;
    }

    /** An SSE subscriber on a raw socket; {@code receiveBuffer} > 0 shrinks its kernel buffer. */
    private Socket subscribe(int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", relay.server().port()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Collects the data lines of {@code socket}'s events on a daemon thread. */
    private static BlockingQueue<String> readEvents(Socket socket) throws IOException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        lines.add(line);
                    }
                }
            } catch (IOException closed) {
                // the test closed the socket
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Waits at most 5 s, far below the server's 30 s write timeout, for an event naming {@code text}. */
    private static void awaitEventMentioning(BlockingQueue<String> heard, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            String event = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(event, "no event mentioning " + text + " within 5 s");
            if (event.contains(text)) {
                assertTrue(event.startsWith("data: {\"count\":") || event.startsWith("data: {\"id\":"),
                        event.substring(0, 40));
                return;
            }
        }
    }
}
