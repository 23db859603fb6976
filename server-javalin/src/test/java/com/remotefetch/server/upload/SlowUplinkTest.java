package com.remotefetch.server.upload;

import java.io.UncheckedIOException;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TcpProxy;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restaurant on a 40 kB/s uplink serving two downloads at once: with the bytes on their own
 * HTTP connections, the control socket's pings still get through, so the agent never drops its
 * connection mid-transfer (on the frame path they waited behind the file's frames).
 */
@Timeout(60)
class SlowUplinkTest {
    @TempDir
    Path dir;

    @Test
    void heartbeatsGetThroughWhileTwoDownloadsFillASlowUplink() throws Exception {
        try (RelayFixture relay = RelayFixture.start(c -> c.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)));
             TcpProxy uplink = TcpProxy.sharedUplink(relay.server().port(), 40_000)) {
            Path a = TestFiles.random(dir, "a.bin", 120_000, 1);
            Path b = TestFiles.random(dir, "b.bin", 120_000, 2);
            AgentConfig config = AgentConfig.of("slow_sf", uplink.baseUrl(), List.of(a, b), List.of())
                    .withTimings(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100));
            // Pings every second: a pong later than the next ping drops the connection, so any
            // wait behind file bytes longer than a second shows.
            OkHttpClient agentHttp = Agent.httpClient().newBuilder().pingInterval(Duration.ofSeconds(1)).build();
            List<AgentState.Status> seen = new CopyOnWriteArrayList<>();
            try (Agent agent = new Agent(config, agentHttp).start()) {
                Await.until(RelayFixture.WAIT, () -> agent.state().current().online(), "online");
                agent.state().addListener(s -> seen.add(s.status()));
                CompletableFuture<String> first = download(relay, "a.bin");
                CompletableFuture<String> second = download(relay, "b.bin");
                assertEquals(TestFiles.sha256(a), first.get());
                assertEquals(TestFiles.sha256(b), second.get());
                assertEquals(List.of(), seen.stream().filter(s -> s != AgentState.Status.CONNECTED
                        && s != AgentState.Status.TRANSFERRING).toList(), "the agent stayed connected throughout");
            }
        }
    }

    private static CompletableFuture<String> download(RelayFixture relay, String name) {
        return CompletableFuture.supplyAsync(() -> {
            try (Response r = relay.http().newCall(new Request.Builder()
                    .url(relay.baseUrl() + "/api/download/slow_sf/" + name).build()).execute();
                 InputStream body = r.body().byteStream()) {
                assertEquals(200, r.code());
                return TestFiles.sha256(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
