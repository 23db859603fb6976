package com.remotefetch.server.auth;

import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.server.testing.Await;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import com.remotefetch.agent.app.Agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.hub.AgentSession;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestSecurity;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad credentials of every kind get the exact status or close code, and the server keeps serving. */
@Timeout(60)
class SecurityTest {
    private static final String ADMIN_TOKEN = TestSecurity.ADMIN_TOKEN;

    @TempDir
    Path dir;

    private RelayFixture relay;
    private AgentTokens agentTokens;
    private Path revoked;
    private Path auditFile;

    @BeforeEach
    void setUp() throws IOException {
        revoked = dir.resolve("revoked.txt");
        agentTokens = TestSecurity.agentTokens(dir);
        auditFile = dir.resolve("audit/audit.jsonl");
        SecurityConfig security = TestSecurity.config(dir, agentTokens);
        relay = RelayFixture.startSecure(security, AuditLog.open(auditFile.toString(), new Moshi.Builder().build()),
                null, c -> c);
        Path file = Files.writeString(dir.resolve("file_to_download.txt"), "secret sauce");
        relay.agent(relay.agentConfig("restaurant_sf", List.of(file), List.of())
                .withCredentials(agentTokens.issue("restaurant_sf", 1), null));
    }

    @AfterEach
    void tearDown() {
        relay.close();
    }

    private Response get(String path, String token, String... headers) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return relay.http().newCall(b.build()).execute();
    }

    private void assertStatus(int status, String path, String token) throws IOException {
        try (Response r = get(path, token)) {
            assertEquals(status, r.code(), path + " with " + token);
        }
    }

    @Test
    void adminApiNeedsAnAdminToken() throws IOException {
        try (Response r = get("/api/clients", null)) {
            assertEquals(401, r.code());
            assertEquals("Bearer realm=\"remotefetch\"", r.header("WWW-Authenticate"));
            assertTrue(r.body().string().contains("\"code\":\"unauthorized\""));
        }
        assertStatus(401, "/api/clients", "wrong");
        assertStatus(401, "/api/download/restaurant_sf", "wrong");
        assertStatus(401, "/metrics", null);
        try (Response r = get("/api/download/restaurant_sf", ADMIN_TOKEN)) {
            assertEquals(200, r.code());
            assertEquals("secret sauce", r.body().string());
        }
        assertStatus(200, "/health", null);
    }

    @Test
    void anAgentsTokenIsNotAnAdminsToken() throws IOException {
        assertStatus(401, "/api/clients", agentTokens.issue("restaurant_sf", 1));
    }

    @Test
    void agentWithoutOrWithForgedTokenIsRefusedAtTheUpgrade() {
        for (String token : new String[] {null, "rfa1.restaurant_sf.1.0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                agentTokens.issue("restaurant_sf", 1, Instant.now().minusSeconds(60)),
                new AgentTokens("another-secret-entirely-0123".getBytes(StandardCharsets.UTF_8), null)
                        .issue("restaurant_sf", 1), ADMIN_TOKEN}) {
            try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl(), token)) {
                agent.awaitRefused(401);
            }
        }
        assertEquals(List.of("restaurant_sf"), relay.server().hub().clientIds());
    }

    @Test
    void tokenIsAcceptedUntilItExpires() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        AgentTokens at = new AgentTokens(TestSecurity.AGENT_SECRET, null, Clock.fixed(now, ZoneOffset.UTC));
        String token = at.issue("restaurant_sf", 1, now.plusSeconds(3600));
        assertEquals(Optional.of("restaurant_sf"), at.verify(token));
        AgentTokens later = new AgentTokens(TestSecurity.AGENT_SECRET, null, Clock.fixed(now.plusSeconds(3601), ZoneOffset.UTC));
        assertEquals(Optional.empty(), later.verify(token), "expired");
        String tampered = token.replace(".1." + now.plusSeconds(3600).getEpochSecond() + ".",
                ".1." + now.plusSeconds(999_999).getEpochSecond() + ".");
        assertEquals(Optional.empty(), later.verify(tampered), "an extended expiry breaks the MAC");
    }

    @Test
    void anotherAgentsTokenCannotTakeOverAnId() {
        AgentSession legit = relay.server().hub().find("restaurant_sf").orElseThrow();
        try (RawAgent spoofer = new RawAgent(relay.http(), relay.baseUrl(), agentTokens.issue("evil_corp", 1))) {
            spoofer.send(new Message.Hello(Protocol.VERSION, "restaurant_sf", "x", "x", List.of()));
            String reason = spoofer.awaitClose(Protocol.CLOSE_POLICY_VIOLATION);
            assertTrue(reason.contains("this token is for evil_corp"), reason);
        }
        assertSame(legit, relay.server().hub().find("restaurant_sf").orElseThrow(), "the real agent stays connected");
    }

    @Test
    void agentWithAWrongTokenSaysSoInItsState() {
        AgentConfig config = relay.agentConfig("restaurant_la", List.of(), List.of())
                .withCredentials("rfa1.restaurant_la.1.0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null);
        try (Agent agent = new Agent(config,
                Agent.httpClient()).start()) {
            Await.until(RelayFixture.WAIT,
                    () -> agent.state().current().detail().contains("server refused the credentials (HTTP 401)"),
                    "the agent to report refused credentials");
        }
        assertEquals(List.of("restaurant_sf"), relay.server().hub().clientIds());
    }

    @Test
    void revokedTokenIsRefusedAndTheNextGenerationWorks() throws IOException {
        Files.writeString(revoked, "restaurant_ny.1\n");
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl(), agentTokens.issue("restaurant_ny", 1))) {
            agent.awaitRefused(401);
        }
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl(), agentTokens.issue("restaurant_ny", 2))) {
            agent.hello("restaurant_ny");
        }
    }

    @Test
    void revokingATokenEndsTheLiveConnectionWithinSecondsAndIsAudited() throws IOException {
        assertTrue(relay.server().hub().find("restaurant_sf").isPresent());
        Files.writeString(revoked, "restaurant_sf.1\n");
        Await.until(Duration.ofSeconds(6), () -> relay.server().hub().find("restaurant_sf").isEmpty(),
                "the revoked agent to be dropped while connected");
        try (Response r = get("/api/download/restaurant_sf", TestSecurity.ADMIN_TOKEN)) {
            assertEquals(404, r.code(), "and it serves no more downloads");
        }
        String audit = Files.readString(auditFile);
        assertTrue(audit.contains("\"event\":\"agent_credential_withdrawn\"") && audit.contains("\"subject\":\"restaurant_sf\""),
                audit);
    }

    @Test
    void floodOfBadLoginsGets429AndHealthStillAnswers() throws IOException {
        for (int i = 0; i < 10; i++) {
            assertStatus(401, "/api/clients", "guess-" + i);
        }
        try (Response r = get("/api/clients", "guess-11")) {
            assertEquals(429, r.code());
            assertTrue(Integer.parseInt(r.header("Retry-After")) > 0);
            assertTrue(r.body().string().contains("\"code\":\"too_many_failures\""));
        }
        assertStatus(200, "/health", null);
        assertTrue(relay.server().metrics().scrape().contains("remotefetch_auth_rate_limited_total 1.0"),
                relay.server().metrics().scrape());
    }

    @Test
    void oversizedHeadersAre431AndTheServerKeepsServing() throws IOException {
        try (Response r = get("/api/clients", ADMIN_TOKEN, "X-Junk", "x".repeat(20_000))) {
            assertEquals(431, r.code());
            assertTrue(r.body().string().contains("\"code\":\"headers_too_large\""), "JSON, not Jetty's HTML page");
        }
        assertStatus(200, "/api/clients", ADMIN_TOKEN);
    }

    @Test
    void everyDownloadAttemptIsAudited() throws IOException {
        try (Response r = get("/api/download/restaurant_sf", ADMIN_TOKEN)) {
            assertEquals("secret sauce", r.body().string());
        }
        assertStatus(404, "/api/download/nobody", ADMIN_TOKEN);
        try (Response r = get("/api/download/restaurant_sf", ADMIN_TOKEN, "Range", "bytes=7-")) {
            assertEquals("sauce", r.body().string());
        }
        List<String> lines = Files.readAllLines(auditFile);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("\"admin\":\"alice\",\"agent\":\"restaurant_sf\",\"file\":\"(default)\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"bytes\":12,\"status\":200,\"result\":\"ok\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"remoteAddress\":\"127.0.0.1\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"agent\":\"nobody\"") && lines.get(1).contains("\"status\":404,\"result\":\"agent_offline\""),
                lines.get(1));
        assertTrue(lines.get(2).contains("\"rangeStart\":7,\"rangeLength\":-1,\"bytes\":5,\"status\":206"), lines.get(2));
    }

    @Test
    void metricsNeedAnAdminAndCountBytes() throws IOException {
        try (Response r = get("/api/download/restaurant_sf", ADMIN_TOKEN)) {
            r.body().string();
        }
        try (Response r = get("/metrics", ADMIN_TOKEN)) {
            String body = r.body().string();
            assertTrue(body.contains("remotefetch_bytes_relayed_bytes_total 12.0"), body);
            assertTrue(body.contains("remotefetch_agents_connected 1.0"), body);
        }
    }
}
