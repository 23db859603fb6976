package com.remotefetch.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestSecurity;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The failed-login limiter stops guessing without locking out the people with the right token. */
@Timeout(60)
class LoginLimitsTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private AgentTokens tokens;
    private Path auditFile;

    @BeforeEach
    void setUp() throws IOException {
        tokens = TestSecurity.agentTokens(dir);
        auditFile = dir.resolve("audit.jsonl");
        relay = RelayFixture.startSecure(TestSecurity.config(dir, tokens),
                AuditLog.open(auditFile.toString(), new Moshi.Builder().build()), null, c -> c.withTrustedProxyHops(1));
    }

    @AfterEach
    void tearDown() {
        relay.close();
    }

    private int status(String method, String token, String forwardedFor) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + "/api/clients").method(method, null);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        try (Response r = relay.http().newCall(b.build()).execute()) {
            return r.code();
        }
    }

    @Test
    void theRightAdminTokenGetsThroughFromAnAddressThatFailedTooOften() throws IOException {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status("GET", "guess-" + i, "203.0.113.7"));
        }
        assertEquals(429, status("GET", "guess-10", "203.0.113.7"));
        assertEquals(200, status("GET", TestSecurity.ADMIN_TOKEN, "203.0.113.7"), "the admin is not locked out");
    }

    @Test
    void anAgentsBadTokensDoNotUseUpTheAdminsBudget() throws IOException {
        for (int i = 0; i < 12; i++) {
            try (RawAgent stale = new RawAgent(relay.http(), relay.baseUrl(), "rfa1.stale." + i)) {
                stale.awaitRefused(i < 10 ? 401 : 429);
            }
        }
        assertEquals(401, status("GET", "typo", null), "the admin's own budget is untouched");
        assertEquals(200, status("GET", TestSecurity.ADMIN_TOKEN, null));
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl(), tokens.issue("restaurant_sf", 1))) {
            agent.hello("restaurant_sf"); // and an agent with the right token restarts from the same address
        }
    }

    @Test
    void preflightsNeverCountAsFailures() throws IOException {
        for (int i = 0; i < 30; i++) {
            status("OPTIONS", null, "203.0.113.8");
        }
        assertEquals(401, status("GET", "one-typo", "203.0.113.8"), "not 429: preflights cost nothing");
    }

    @Test
    void guessesSpreadOverManyAddressesMeetTheGlobalBudget() throws IOException {
        int refused = 0;
        for (int i = 0; i < 250; i++) {
            int code = status("GET", "guess-" + i, "198.51.100." + (i % 250));
            if (code == 429) {
                refused++;
            } else {
                assertEquals(401, code);
            }
        }
        assertEquals(50, refused, "every failure past 200 a minute is turned away, whatever its address");
        assertEquals(200, status("GET", TestSecurity.ADMIN_TOKEN, "198.51.100.99"), "the right token still works");
    }

    @Test
    void failedLoginsAreAuditedAtABoundedRate() throws IOException {
        for (int i = 0; i < 100; i++) {
            status("GET", "guess-" + i, "192.0.2." + i);
        }
        long lines = Files.readAllLines(auditFile).stream().filter(l -> l.contains("\"event\":\"auth_failed\"")).count();
        assertEquals(Authenticator.AUDITED_FAILURES_PER_MINUTE, lines, "a flood cannot fill the disk");
        assertTrue(Files.readString(auditFile).contains("\"remoteAddress\":\"192.0.2.0\""));
    }
}
