package com.remotefetch.server.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AgentTimeoutTest {
    private RelayFixture relay;

    @BeforeEach
    void setUp() {
        relay = RelayFixture.start(c -> c.withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)));
    }

    @AfterEach
    void tearDown() {
        relay.close();
    }

    private CompletableFuture<String> download(String path) {
        return CompletableFuture.supplyAsync(() -> {
            try (Response r = relay.http().newCall(new Request.Builder().url(relay.baseUrl() + path).build()).execute()) {
                return r.code() + " " + r.body().string();
            } catch (IOException e) {
                return "failed " + e;
            }
        });
    }

    @Test
    void silentAgentGets408AndItsLateAnswerIsCancelledNotPunished() throws Exception {
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl())) {
            agent.hello("silent_agent", new FileInfo("a.txt", 3, 0));
            CompletableFuture<String> first = download("/api/download/silent_agent/a.txt");
            Message.Fetch fetch = agent.take(Message.Fetch.class);
            String result = first.get();
            assertTrue(result.startsWith("408 "), result);
            assertTrue(result.contains("\"code\":\"agent_timeout\""), result);
            assertEquals(fetch.transferId(), agent.take(Message.Cancel.class).transferId());

            // A late answer to the abandoned transfer is told to stop; its bytes are dropped.
            agent.send(new Message.FileMeta(fetch.transferId(), "a.txt", 3, 0, 0, 3));
            assertEquals(fetch.transferId(), agent.take(Message.Cancel.class).transferId());
            byte[] frame = new byte[DataFrame.HEADER_BYTES + 3];
            DataFrame.writeHeader(frame, fetch.transferId());
            agent.sendBinary(frame);

            // The agent is still connected and can serve the next request.
            CompletableFuture<String> second = download("/api/download/silent_agent/a.txt");
            Message.Fetch next = agent.take(Message.Fetch.class);
            agent.send(new Message.FileMeta(next.transferId(), "a.txt", 3, 0, 0, 3));
            byte[] data = new byte[DataFrame.HEADER_BYTES + 3];
            DataFrame.writeHeader(data, next.transferId());
            data[DataFrame.HEADER_BYTES] = 'a';
            data[DataFrame.HEADER_BYTES + 1] = 'b';
            data[DataFrame.HEADER_BYTES + 2] = 'c';
            agent.sendBinary(data);
            agent.send(new Message.TransferEnd(next.transferId(), 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
            assertEquals("200 abc", second.get());
        }
    }

    @Test
    void agentThatStallsMidTransferAbortsTheResponse() throws Exception {
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl())) {
            agent.hello("stalling_agent", new FileInfo("a.txt", 10, 0));
            CompletableFuture<String> download = download("/api/download/stalling_agent/a.txt");
            Message.Fetch fetch = agent.take(Message.Fetch.class);
            agent.send(new Message.FileMeta(fetch.transferId(), "a.txt", 10, 0, 0, 10));
            byte[] frame = new byte[DataFrame.HEADER_BYTES + 4];
            DataFrame.writeHeader(frame, fetch.transferId());
            agent.sendBinary(frame);
            String result = download.get();
            assertTrue(result.startsWith("failed"), "a stalled transfer must not look complete: " + result);
            assertEquals(fetch.transferId(), agent.take(Message.Cancel.class).transferId());
        }
    }
}
