package com.remotefetch.server.auth;

import com.remotefetch.protocol.Message;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.server.ServerMain;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void agentsBeyondTheMaximumAreToldToComeBackLater() {
        try (RelayFixture relay = RelayFixture.start(c -> c.withLimits(new ServerConfig.Limits(1, 64, 8)));
             RawAgent first = new RawAgent(relay.http(), relay.baseUrl());
             RawAgent second = new RawAgent(relay.http(), relay.baseUrl())) {
            first.hello("first");
            second.send(new Message.Hello(Protocol.VERSION, "second", "1", "h", List.of()));
            assertTrue(second.awaitClose(Protocol.CLOSE_TRY_AGAIN_LATER).contains("maximum number of agents"));
            assertEquals(List.of("first"), relay.server().hub().clientIds());
        }
    }

    @Test
    void downloadsBeyondTheServerMaximumAre503() throws IOException {
        Path big = TestFiles.random(dir, "big.bin", 32L << 20, 1);
        try (RelayFixture relay = RelayFixture.start(c -> c.withLimits(new ServerConfig.Limits(10, 1, 8)))) {
            relay.agent("restaurant", big);
            try (Response stalled = relay.http().newCall(new Request.Builder()
                    .url(relay.baseUrl() + "/api/download/restaurant").build()).execute()) {
                assertEquals(200, stalled.code());
                try (Response second = relay.http().newCall(new Request.Builder()
                        .url(relay.baseUrl() + "/api/download/restaurant").build()).execute()) {
                    assertEquals(503, second.code());
                    assertTrue(second.body().string().contains("\"code\":\"server_busy\""));
                }
            }
            assertTrue(relay.server().metrics().scrape().contains("remotefetch_limit_rejections_total{limit=\"transfers_total\"} 1.0"));
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutSecrets() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ServerMain()).setErr(new PrintWriter(err))
                .execute("--host", "0.0.0.0", "--port", "0");
        assertEquals(2, code, "a public listener without secrets must not start");
    }
}
