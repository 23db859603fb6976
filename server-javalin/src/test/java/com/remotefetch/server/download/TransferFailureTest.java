package com.remotefetch.server.download;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@ExtendWith(RelayExtension.class)
class TransferFailureTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private Path big;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        big = TestFiles.random(dir, "big.bin", 64L << 20, 7);
    }

    private Response open(String path) throws IOException {
        return relay.http().newCall(new Request.Builder().url(relay.baseUrl() + path).build()).execute();
    }

    @Test
    void agentKilledMidTransferAbortsTheResponseAndOthersKeepServing() throws IOException {
        Agent doomed = relay.agent("doomed", big);
        Path other = Files.writeString(dir.resolve("other.txt"), "other agent");
        relay.agent("survivor", other);
        try (Response r = open("/api/download/doomed/big.bin")) {
            assertEquals(200, r.code());
            InputStream body = r.body().byteStream();
            body.readNBytes(1 << 20);
            doomed.close();
            assertThrows(IOException.class, () -> body.readAllBytes(),
                    "a transfer cut off by the agent must not read as complete");
        }
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("doomed").isEmpty(), "doomed to be unlisted");
        try (Response r = open("/api/download/survivor")) {
            assertEquals("other agent", r.body().string());
        }
    }

    @Test
    void adminDisconnectStopsTheAgentWithinASecond() throws IOException {
        Agent agent = relay.agent("restaurant", big);
        Response r = open("/api/download/restaurant/big.bin");
        r.body().byteStream().readNBytes(1 << 20);
        assertEquals(1, agent.transfers().active().size());
        r.close();
        long closedAt = System.nanoTime();
        Await.until(Duration.ofSeconds(1), () -> agent.transfers().active().isEmpty(), "the agent to stop reading");
        long stoppedAfterMs = (System.nanoTime() - closedAt) / 1_000_000;
        assertTrue(stoppedAfterMs < 1000, "stopped after " + stoppedAfterMs + " ms");
        long sent = agent.transfers().active().stream().mapToLong(t -> t.sentBytes()).sum();
        assertEquals(0, sent);
        assertEquals(0, relay.server().hub().find("restaurant").orElseThrow().activeTransfers());
    }

    @Test
    void agentAtItsTransferLimitAnswers503() throws IOException {
        relay.agent(relay.agentConfig("busy_agent", List.of(big), List.of()).withMaxTransfers(1));
        try (Response first = open("/api/download/busy_agent/big.bin")) {
            assertEquals(200, first.code(), "first download runs (and stalls: nobody reads it)");
            try (Response second = open("/api/download/busy_agent/big.bin")) {
                assertEquals(503, second.code());
                assertEquals("5", second.header("Retry-After"));
                assertTrue(second.body().string().contains("\"code\":\"agent_busy\""));
            }
        }
    }
}
