package com.remotefetch.server.hub;

import java.io.UncheckedIOException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.app.RemoteFetchServer;
import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReconnectTest {
    @TempDir
    Path dir;

    @Test
    void newConnectionForAnIdWinsAndTheOldOnesCloseDoesNotUnlistIt() throws Exception {
        try (RelayFixture relay = RelayFixture.start();
             RawAgent old = new RawAgent(relay.http(), relay.baseUrl())) {
            old.hello("dup", new FileInfo("a.bin", 1000, 0));
            okhttp3.Call call = relay.http().newCall(new Request.Builder()
                    .url(relay.baseUrl() + "/api/download/dup/a.bin").build());
            CompletableFuture<Response> download = CompletableFuture.supplyAsync(() -> {
                try {
                    return call.execute();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Message.Fetch fetch = old.take(Message.Fetch.class);
            old.send(new Message.FileMeta(fetch.transferId(), "a.bin", 1000, 0, 0, 1000));
            byte[] frame = new byte[DataFrame.HEADER_BYTES + 100];
            DataFrame.writeHeader(frame, fetch.transferId());
            old.sendBinary(frame);

            try (RawAgent fresh = new RawAgent(relay.http(), relay.baseUrl())) {
                fresh.hello("dup", new FileInfo("b.bin", 5, 0));
                assertTrue(old.awaitClose(Protocol.CLOSE_REPLACED).contains("replaced"));
                try (Response r = download.get()) {
                    assertThrows(IOException.class, () -> r.body().bytes(), "the old connection's transfer fails");
                }
                // The old socket's close has been processed; the new agent must still be listed.
                try (Response r = relay.http().newCall(new Request.Builder()
                        .url(relay.baseUrl() + "/api/clients/dup/files").build()).execute()) {
                    String body = r.body().string();
                    assertTrue(body.contains("b.bin"), body);
                }
                assertEquals(List.of("dup"), relay.server().hub().clientIds());
            }
        }
    }

    @Test
    void agentReconnectsAfterTheServerRestarts() throws IOException {
        Path file = Files.writeString(dir.resolve("file_to_download.txt"), "persistent");
        RelayFixture relay = RelayFixture.start();
        int port = relay.server().port();
        Agent agent = relay.agent("phoenix", file);
        relay.server().close();
        Await.until(RelayFixture.WAIT, () -> agent.state().current().status() == AgentState.Status.DISCONNECTED,
                "the agent to notice the server is gone");
        assertNotNull(agent.state().current().nextRetryAt(), "a retry is scheduled");

        ServerConfig config = ServerConfig.defaults().withPort(port).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        try (RemoteFetchServer restarted = new RemoteFetchServer(config).start()) {
            Await.until(RelayFixture.WAIT, () -> restarted.hub().find("phoenix").isPresent()
                    && agent.state().current().online(), "the agent to come back");
        } finally {
            relay.close();
        }
    }

    @Test
    void filesAddedToASharedFolderAreAnnounced() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(shared.resolve("monday.csv"), "a,b\n");
        try (RelayFixture relay = RelayFixture.start()) {
            relay.agent(relay.agentConfig("folder_agent", List.of(), List.of(shared)));
            AgentSession session = relay.server().hub().find("folder_agent").orElseThrow();
            assertEquals(List.of("monday.csv"), session.files().stream().map(FileInfo::name).toList());
            Files.createDirectories(shared.resolve("week2"));
            Files.writeString(shared.resolve("week2/tuesday.csv"), "c,d\n");
            Await.until(RelayFixture.WAIT, () -> session.files().size() == 2, "the new file to be announced");
            try (Response r = relay.http().newCall(new Request.Builder()
                    .url(relay.baseUrl() + "/api/download/folder_agent/week2/tuesday.csv").build()).execute()) {
                assertEquals(200, r.code());
                assertEquals("c,d\n", r.body().string());
            }
        }
    }
}
