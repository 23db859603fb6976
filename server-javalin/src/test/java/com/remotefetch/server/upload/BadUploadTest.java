package com.remotefetch.server.upload;

import com.remotefetch.server.testing.TestFiles;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okio.BufferedSink;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Assertions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.UploadOffer;
import com.remotefetch.server.auth.AgentTokens;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestSecurity;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads that must be refused, each with its own status and code and an audit line, while the
 * admin's download they aimed at carries on and completes with the right bytes.
 */
@Timeout(60)
class BadUploadTest {
    private static final byte[] CONTENT = new byte[3000];
    /** Upload segments here: CONTENT fits one, and a 4000-byte body is refused for the transfer, not the segment. */
    private static final int SEGMENT = 4096;

    static {
        Arrays.fill(CONTENT, (byte) 'r');
    }

    @TempDir
    Path dir;

    private RelayFixture relay;
    private AgentTokens tokens;
    private AuditLog audit;
    private final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void setUp() throws IOException {
        tokens = TestSecurity.agentTokens(dir);
        audit = AuditLog.open(dir.resolve("audit.jsonl").toString(), new Moshi.Builder().build());
        relay = RelayFixture.startSecure(TestSecurity.config(dir, tokens), audit, null,
                c -> c.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)).withSegmentBytes(SEGMENT));
    }

    @AfterEach
    void tearDown() throws IOException {
        relay.close();
        audit.close();
        http.dispatcher().executorService().shutdown();
    }

    private CompletableFuture<Response> adminDownload(String clientId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return http.newCall(new Request.Builder().url(relay.baseUrl() + "/api/download/" + clientId + "/f.bin")
                        .header("Authorization", "Bearer " + TestSecurity.ADMIN_TOKEN).build()).execute();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private int post(String path, long offset, byte[] body, String agentToken, String credential) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path + "?offset=" + offset)
                .post(RequestBody.create(body, MediaType.get("application/octet-stream")));
        if (agentToken != null) {
            b.header("Authorization", "Bearer " + agentToken);
        }
        if (credential != null) {
            b.header(Protocol.UPLOAD_CREDENTIAL_HEADER, credential);
        }
        try (Response r = http.newCall(b.build()).execute()) {
            return r.code();
        }
    }

    @Test
    void everyBadUploadIsRefusedWithItsOwnStatusAndTheDownloadStillCompletes() throws Exception {
        String victimToken = tokens.issue("victim", 1);
        try (RawAgent victim = new RawAgent(http, relay.baseUrl(), victimToken);
             RawAgent thief = new RawAgent(http, relay.baseUrl(), tokens.issue("thief", 1))) {
            victim.hello("victim", new FileInfo("f.bin", CONTENT.length, 0));
            thief.hello("thief");
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("thief").isPresent(), "both agents");
            CompletableFuture<Response> download = adminDownload("victim");
            Message.Fetch fetch = victim.take(Message.Fetch.class);
            UploadOffer offer = fetch.upload();
            assertNotNull(offer, "a protocol-2 agent is offered an upload");
            victim.send(new Message.FileMeta(fetch.transferId(), "f.bin", CONTENT.length, 0, 0, CONTENT.length, "v1"));

            String credential = offer.credential();
            assertEquals(401, post(offer.path(), 0, CONTENT, null, credential), "no agent token");
            assertEquals(403, post(offer.path(), 0, CONTENT, tokens.issue("thief", 1), credential), "another agent");
            assertEquals(403, post(offer.path(), 0, CONTENT, victimToken, "0".repeat(64)), "wrong credential");
            assertEquals(410, post(Protocol.UPLOAD_PATH_PREFIX + "f".repeat(32), 0, CONTENT, victimToken, credential),
                    "no such transfer");
            assertEquals(409, post(offer.path(), 5, CONTENT, victimToken, credential), "wrong offset");
            assertEquals(413, post(offer.path(), 0, new byte[4000], victimToken, credential), "more than asked");
            assertEquals(400, post(offer.path(), -1, CONTENT, victimToken, credential), "bad offset");

            assertEquals(204, post(offer.path(), 0, CONTENT, victimToken, credential), "the real segment");
            victim.send(new Message.TransferEnd(fetch.transferId(), CONTENT.length, sha(CONTENT)));
            try (Response r = download.get()) {
                assertEquals(200, r.code());
                assertArrayEquals(CONTENT, r.body().bytes());
            }
            Await.until(RelayFixture.WAIT, () -> {
                try {
                    return post(offer.path(), 0, CONTENT, victimToken, credential) == 410;
                } catch (IOException e) {
                    return false;
                }
            }, "a replayed segment to be refused once the transfer is over");
        }
        String log = Files.readString(dir.resolve("audit.jsonl"));
        for (String code : new String[] {"wrong_agent", "bad_upload_credential", "transfer_gone", "wrong_offset",
                "too_many_bytes", "bad_offset"}) {
            assertTrue(log.contains("\"event\":\"upload_refused\"") && log.contains("\"code\":\"" + code + "\""),
                    code + " in " + log);
        }
        assertTrue(log.contains("\"result\":\"ok\""), "the download itself is audited as ok: " + log);
    }

    @Test
    void aCredentialNotUsedBeforeItExpiresIsRefused() throws Exception {
        String victimToken = tokens.issue("late", 1);
        try (RawAgent late = new RawAgent(http, relay.baseUrl(), victimToken)) {
            late.hello("late", new FileInfo("f.bin", CONTENT.length, 0));
            CompletableFuture<Response> download = adminDownload("late");
            Message.Fetch fetch = late.take(Message.Fetch.class);
            late.send(new Message.FileMeta(fetch.transferId(), "f.bin", CONTENT.length, 0, 0, CONTENT.length, "v1"));
            UploadOffer offer = fetch.upload();
            Await.until(RelayFixture.WAIT, () -> System.currentTimeMillis() > offer.expiresAtMillis() + 10,
                    "the offer to expire");
            assertEquals(403, post(offer.path(), 0, CONTENT, victimToken, offer.credential()));
            late.close();
            try (Response r = download.get()) {
                assertEquals(200, r.code(), "headers were sent; the body must then break off");
                Assertions.assertThrows(IOException.class, () -> r.body().bytes());
            }
        }
        assertTrue(Files.readString(dir.resolve("audit.jsonl")).contains("\"code\":\"upload_expired\""));
    }

    @Test
    void aNextSegmentWaitsForTheRunningOneAndOneMoreIsRefused() throws Exception {
        byte[] content = new byte[6000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        String token = tokens.issue("turns", 1);
        try (RawAgent agent = new RawAgent(http, relay.baseUrl(), token)) {
            agent.hello("turns", new FileInfo("f.bin", content.length, 0));
            CompletableFuture<Response> download = adminDownload("turns");
            Message.Fetch fetch = agent.take(Message.Fetch.class);
            UploadOffer offer = fetch.upload();
            agent.send(new Message.FileMeta(fetch.transferId(), "f.bin", content.length, 0, 0, content.length, "v1"));
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> running = postAsync(offer, 0, new HeldBody(Arrays.copyOf(content, SEGMENT), 1500,
                    release), token);
            Response response = download.get(10, TimeUnit.SECONDS);
            InputStream received = response.body().byteStream();
            // readNBytes(byte[], int, int): readNBytes(int) asks OkHttp for zero more bytes, which blocks.
            byte[] head = new byte[1500];
            assertEquals(1500, received.readNBytes(head, 0, head.length));
            assertArrayEquals(Arrays.copyOf(content, 1500), head, "the first segment is running");
            byte[] some = Arrays.copyOf(content, 100);
            assertEquals(409, postAsync(offer, 0, RequestBody.create(some, null), token).get(5, TimeUnit.SECONDS),
                    "a replay of bytes already copied is refused at once");
            assertEquals(409, postAsync(offer, 2000, RequestBody.create(some, null), token).get(5, TimeUnit.SECONDS),
                    "so is one that could not be the next full segment");

            // Two candidates for the next segment while the first is held: one waits, one is refused.
            byte[] second = Arrays.copyOfRange(content, SEGMENT, content.length);
            List<CompletableFuture<Integer>> next = List.of(
                    postAsync(offer, SEGMENT, RequestBody.create(second, MediaType.get("application/octet-stream")), token),
                    postAsync(offer, SEGMENT, RequestBody.create(second, MediaType.get("application/octet-stream")), token));
            Await.until(RelayFixture.WAIT, () -> next.stream().anyMatch(CompletableFuture::isDone), "one refusal");
            assertEquals(409, next.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().join());
            assertFalse(running.isDone(), "the first segment is still held");

            release.countDown();
            assertEquals(204, running.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(204, 409), next.stream().map(CompletableFuture::join).sorted().toList(),
                    "the waiting segment followed the first");
            agent.send(new Message.TransferEnd(fetch.transferId(), content.length, sha(content)));
            try (response) {
                assertArrayEquals(Arrays.copyOfRange(content, 1500, 6000), received.readAllBytes());
            }
        }
        String log = Files.readString(dir.resolve("audit.jsonl"));
        assertTrue(log.contains("\"code\":\"segment_in_progress\""), log);
        assertEquals(2, log.split("\"code\":\"wrong_offset\"", -1).length - 1, "the replay and the misplaced one: " + log);
    }

    private CompletableFuture<Integer> postAsync(UploadOffer offer, long offset, RequestBody body, String token) {
        return CompletableFuture.supplyAsync(() -> {
            Request request = new Request.Builder().url(relay.baseUrl() + offer.path() + "?offset=" + offset).post(body)
                    .header("Authorization", "Bearer " + token)
                    .header(Protocol.UPLOAD_CREDENTIAL_HEADER, offer.credential()).build();
            try (Response r = http.newCall(request).execute()) {
                return r.code();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A body that sends its first {@code before} bytes, then holds the rest until released. */
    private static final class HeldBody extends RequestBody {
        private final byte[] bytes;
        private final int before;
        private final CountDownLatch release;

        HeldBody(byte[] bytes, int before, CountDownLatch release) {
            this.bytes = bytes;
            this.before = before;
            this.release = release;
        }

        @Override
        public MediaType contentType() {
            return MediaType.get("application/octet-stream");
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes, 0, before);
            sink.flush();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
            sink.write(bytes, before, bytes.length - before);
        }
    }

    private static String sha(byte[] content) {
        MessageDigest d = TestFiles.digest();
        return HexFormat.of().formatHex(d.digest(content));
    }
}
