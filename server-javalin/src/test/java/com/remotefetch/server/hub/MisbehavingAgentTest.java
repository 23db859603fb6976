package com.remotefetch.server.hub;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import java.io.UncheckedIOException;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input closes only the agent that sent it, with a reason, and leaves the rest serving. */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class MisbehavingAgentTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private Path goodFile;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        goodFile = Files.writeString(dir.resolve("good.txt"), "still serving");
        relay.agent("good_agent", goodFile);
    }

    private RawAgent raw() {
        return new RawAgent(relay.http(), relay.baseUrl());
    }

    private void othersStillServed() throws IOException {
        try (Response r = relay.http().newCall(new Request.Builder()
                .url(relay.baseUrl() + "/api/download/good_agent").build()).execute()) {
            assertEquals(200, r.code());
            assertEquals("still serving", r.body().string());
        }
    }

    @Test
    void malformedJsonIsClosedWithProtocolError() throws IOException {
        try (RawAgent bad = raw()) {
            bad.hello("bad_agent");
            bad.sendText("{\"type\": \"heartbeat\", ");
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).startsWith("malformed JSON"));
        }
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("bad_agent").isEmpty(), "bad agent removed");
        othersStillServed();
    }

    @Test
    void unknownMessageTypeIsClosed() throws IOException {
        try (RawAgent bad = raw()) {
            bad.hello("bad_agent");
            bad.sendText("{\"type\":\"format_disk\"}");
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("format_disk"));
        }
        othersStillServed();
    }

    @Test
    void messageBeforeHelloIsClosed() {
        try (RawAgent bad = raw()) {
            bad.send(new Message.Heartbeat(1));
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("expected hello"));
        }
    }

    @Test
    void serverMessageFromAnAgentIsClosed() {
        try (RawAgent bad = raw()) {
            bad.hello("bad_agent");
            bad.send(new Message.Credit(1, 5));
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("unexpected Credit"));
        }
    }

    @Test
    void wrongProtocolVersionIsClosedWithItsOwnCode() {
        try (RawAgent bad = raw()) {
            bad.send(new Message.Hello(99, "future_agent", "9", "h", List.of()));
            assertTrue(bad.awaitClose(Protocol.CLOSE_UNSUPPORTED_VERSION).contains("version 99"));
        }
        assertTrue(relay.server().hub().find("future_agent").isEmpty());
    }

    @Test
    void invalidClientIdIsClosed() {
        try (RawAgent bad = raw()) {
            bad.send(new Message.Hello(Protocol.VERSION, "../../etc", "1", "h", List.of()));
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("invalid client id"));
        }
    }

    @Test
    void bytesForATransferNeverRequestedAreClosed() throws IOException {
        try (RawAgent bad = raw()) {
            bad.hello("bad_agent");
            byte[] frame = new byte[DataFrame.HEADER_BYTES + 10];
            DataFrame.writeHeader(frame, 77);
            bad.sendBinary(frame);
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("never requested"));
        }
        othersStillServed();
    }

    @Test
    void garbageBinaryFrameIsClosed() {
        try (RawAgent bad = raw()) {
            bad.hello("bad_agent");
            bad.sendBinary(new byte[] {1, 2, 3});
            assertTrue(bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("shorter than its header"));
        }
    }

    @Test
    void bytesBeyondCreditAreClosedAndTheDownloadFails() throws Exception {
        try (RawAgent bad = raw()) {
            bad.hello("greedy_agent", new FileInfo("big.bin", 1L << 30, 0));
            // The admin does not read, so no credit comes back after the first window.
            okhttp3.Call call = relay.http().newCall(new Request.Builder()
                    .url(relay.baseUrl() + "/api/download/greedy_agent/big.bin").build());
            CompletableFuture<Response> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return call.execute();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Message.Fetch fetch = bad.take(Message.Fetch.class);
            bad.send(new Message.FileMeta(fetch.transferId(), "big.bin", 1L << 30, 0, 0, 1L << 30));
            byte[] frame = new byte[DataFrame.HEADER_BYTES + 200 * 1024];
            DataFrame.writeHeader(frame, fetch.transferId());
            RawAgent.Closing closing = null;
            for (int i = 0; i < 2000 && closing == null; i++) {
                if (!bad.sendBinary(frame)) {
                    break;
                }
                closing = bad.pollClose();
            }
            String reason = closing != null ? closing.reason() : bad.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR);
            assertTrue(reason.contains("beyond its credit"), reason);
            try (Response r = response.get()) {
                assertThrows(IOException.class, () -> r.body().bytes(), "the admin's download must fail, not end short");
            }
        }
        othersStillServed();
    }

    @Test
    void aMetaShorterThanWhatWasAskedNeverBecomesAComplete200() throws Exception {
        try (RawAgent liar = raw()) {
            liar.hello("short_agent", new FileInfo("f.bin", 1_048_576, 0));
            CompletableFuture<Response> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return relay.http().newCall(new Request.Builder()
                            .url(relay.baseUrl() + "/api/download/short_agent/f.bin").build()).execute();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Message.Fetch fetch = liar.take(Message.Fetch.class);
            liar.send(new Message.FileMeta(fetch.transferId(), "f.bin", 1_048_576, 0, 0, 1000));
            try (Response r = response.get()) {
                assertEquals(502, r.code());
                assertTrue(r.body().string().contains("offered bytes 0+1000 of 1048576"));
            }
            assertEquals(fetch.transferId(), liar.take(Message.Cancel.class).transferId(), "the agent is told to stop");
        }
        othersStillServed();
    }

    @Test
    void fileListsSentTooOftenCloseTheAgent() throws IOException {
        try (RawAgent chatty = raw()) {
            chatty.hello("chatty_agent");
            for (int i = 0; i <= Protocol.MAX_FILE_LISTS_PER_WINDOW; i++) {
                chatty.send(new Message.FilesChanged(List.of(new FileInfo("f" + i, i, 0))));
            }
            assertTrue(chatty.awaitClose(Protocol.CLOSE_POLICY_VIOLATION).contains("file lists sent too often"));
        }
        othersStillServed();
    }

    @Test
    void aFileListOverTheLimitIsAProtocolError() throws IOException {
        List<FileInfo> tooMany = new ArrayList<>();
        for (int i = 0; i <= Protocol.MAX_FILES_PER_LIST; i++) {
            tooMany.add(new FileInfo("f" + i, 1, 0));
        }
        try (RawAgent hoarder = raw()) {
            hoarder.hello("hoarder");
            hoarder.send(new Message.FilesChanged(tooMany));
            assertTrue(hoarder.awaitClose(Protocol.CLOSE_PROTOCOL_ERROR).contains("at most 10000 files"));
        }
        othersStillServed();
    }

    @Test
    void oversizedFrameIsRefused() throws IOException {
        try (RawAgent bad = raw()) {
            bad.hello("bad_agent");
            byte[] frame = new byte[2 * 1024 * 1024];
            DataFrame.writeHeader(frame, 1);
            bad.sendBinary(frame);
            // Jetty closes with 1009 as soon as the header announces the size; the client may
            // still be writing the payload and see its pipe break before it reads the close.
            RawAgent.Event end = nextCloseOrFailure(bad);
            if (end instanceof RawAgent.Closing closing) {
                assertEquals(1009, closing.code());
            }
        }
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("bad_agent").isEmpty(), "bad agent dropped");
        othersStillServed();
    }

    private static RawAgent.Event nextCloseOrFailure(RawAgent agent) {
        while (true) {
            RawAgent.Event e = agent.take();
            if (e instanceof RawAgent.Closing || e instanceof RawAgent.Failure) {
                return e;
            }
        }
    }
}
