package com.remotefetch.server.upload;

import com.remotefetch.server.testing.TestFiles;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Assertions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
                c -> c.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)));
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

    private static String sha(byte[] content) {
        MessageDigest d = TestFiles.digest();
        return HexFormat.of().formatHex(d.digest(content));
    }
}
