package com.remotefetch.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.remotefetch.server.testing.TestSecurity;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Removing an admin's line from the tokens file ends what that admin has open, within seconds. */
@Timeout(60)
class AdminWithdrawalTest {
    private static final String BOB = "bob-token-for-tests-0123456789abc";

    @TempDir
    Path dir;

    private RelayFixture relay;
    private AgentTokens tokens;
    private Path admins;
    private Path auditFile;

    @BeforeEach
    void setUp() throws IOException {
        tokens = TestSecurity.agentTokens(dir);
        auditFile = dir.resolve("audit.jsonl");
        SecurityConfig security = TestSecurity.config(dir, tokens);
        admins = dir.resolve("admins.txt");
        rewriteAdmins(Files.readString(admins) + line("bob", BOB));
        relay = RelayFixture.startSecure(security, AuditLog.open(auditFile.toString(), new Moshi.Builder().build()),
                null, c -> c);
        Path big = TestFiles.random(dir, "big.bin", 4_000_000, 8);
        relay.agent(relay.agentConfig("slow_sf", List.of(big), List.of())
                .withCredentials(tokens.issue("slow_sf", 1), null).withMaxUpload(200_000));
    }

    @AfterEach
    void tearDown() {
        relay.close();
    }

    private static String line(String name, String token) {
        return name + ":" + HexFormat.of().formatHex(AdminTokens.sha256(token)) + "\n";
    }

    /** Rewrites the file with a modification time the server cannot mistake for the old one. */
    private void rewriteAdmins(String content) throws IOException {
        long before = Files.exists(admins) ? Files.getLastModifiedTime(admins).toMillis() : 0;
        Files.writeString(admins, content);
        Files.setLastModifiedTime(admins, FileTime.from(Instant.ofEpochMilli(Math.max(before + 2000, System.currentTimeMillis()))));
    }

    private Response call(String path, String token) throws IOException {
        return relay.http().newCall(new Request.Builder().url(relay.baseUrl() + path)
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build()).execute();
    }

    @Test
    void removingAnAdminsLineEndsTheirDownloadAndLiveStreamButNoOneElses() throws IOException {
        try (Response download = call("/api/download/slow_sf", TestSecurity.ADMIN_TOKEN);
             Response events = call("/api/events", TestSecurity.ADMIN_TOKEN);
             Response bobsEvents = call("/api/events", BOB)) {
            assertEquals(200, download.code());
            BufferedSource stream = events.body().source();
            assertTrue(stream.readUtf8LineStrict().startsWith("event: agents"), "alice is subscribed");

            rewriteAdmins(line("bob", BOB)); // alice is gone

            assertThrows(IOException.class, () -> download.body().bytes(), "her download is cut off, never short");
            assertTrue(readsToTheEnd(stream), "her live stream ends");
            assertEquals(200, bobsEvents.code());
            assertTrue(bobsEvents.body().source().readUtf8LineStrict().startsWith("event: agents"), "bob's goes on");
        }
        try (Response r = call("/api/clients", TestSecurity.ADMIN_TOKEN)) {
            assertEquals(401, r.code());
        }
        try (Response r = call("/api/clients", BOB)) {
            assertEquals(200, r.code());
        }
        assertTrue(Files.readString(auditFile).contains("\"event\":\"admin_credential_withdrawn\""));
    }

    /** True if the server ends the stream within 10 s; false if it is still open then. */
    private static boolean readsToTheEnd(BufferedSource stream) {
        stream.timeout().timeout(10, TimeUnit.SECONDS);
        try {
            while (stream.readUtf8Line() != null) {
                // skip what was sent before the close
            }
            return true;
        } catch (InterruptedIOException stillOpen) {
            return false;
        } catch (IOException closed) {
            return true;
        }
    }
}
