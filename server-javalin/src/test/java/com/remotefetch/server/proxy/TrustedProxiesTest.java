package com.remotefetch.server.proxy;

import java.net.InetAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.auth.AgentTokens;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestSecurity;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind trusted proxies the caller's address comes from the proxies' end of X-Forwarded-For:
 * failed logins are limited per admin, not per proxy; audit and agent list show the real caller;
 * and without trusted proxies the header changes nothing.
 */
@Timeout(60)
class TrustedProxiesTest {
    private static final String ADMIN_TOKEN = TestSecurity.ADMIN_TOKEN;

    @TempDir
    Path dir;

    private RelayFixture relay;
    private AgentTokens agentTokens;
    private final OkHttpClient wsClient = new OkHttpClient();

    private void start(int hops) throws IOException {
        agentTokens = TestSecurity.agentTokens(dir);
        SecurityConfig security = TestSecurity.config(dir, agentTokens);
        relay = RelayFixture.startSecure(security, AuditLog.open(dir.resolve("audit.jsonl").toString(),
                new Moshi.Builder().build()), null, c -> c.withTrustedProxyHops(hops));
    }

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.close();
        }
        wsClient.dispatcher().executorService().shutdown();
    }

    private int status(String path, String token, String forwardedFor) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path).header("Authorization", "Bearer " + token);
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        try (Response r = relay.http().newCall(b.build()).execute()) {
            return r.code();
        }
    }

    @Test
    void oneAdminGuessingIsLimitedWithoutLockingOutAnotherBehindTheSameProxy() throws IOException {
        start(1);
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status("/api/clients", "guess-" + i, "forged, 203.0.113.5"));
        }
        assertEquals(429, status("/api/clients", "guess-10", "another-forgery, 203.0.113.5"),
                "the guesser's own address is limited, whatever it writes to the left");
        assertEquals(200, status("/api/clients", ADMIN_TOKEN, "198.51.100.7"), "a colleague behind the same proxy");
    }

    @Test
    void auditAndAgentListShowTheCallerNotTheProxy() throws IOException {
        start(2);
        assertEquals(404, status("/api/download/nobody", ADMIN_TOKEN, "1.1.1.1, 203.0.113.9, 10.0.0.2"));
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertTrue(audit.contains("\"remoteAddress\":\"203.0.113.9\""), audit);

        var request = new Request.Builder().url(relay.baseUrl().replace("http", "ws") + "/ws/agent")
                .header("Authorization", "Bearer " + agentTokens.issue("restaurant_sf", 1))
                .header("X-Forwarded-For", "[2001:db8::7]:51000, 10.0.0.2");
        try (RawAgent agent = new RawAgent(wsClient, request.build()).hello("restaurant_sf")) {
            assertEquals("[2001:db8:0:0:0:0:0:7]", relay.server().hub().find("restaurant_sf").orElseThrow().remoteAddress());
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() throws IOException {
        start(0);
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status("/api/clients", "guess-" + i, "203.0.113." + i));
        }
        assertEquals(429, status("/api/clients", "guess-10", "198.51.100.7"),
                "rotating a forged header must not escape the limit");
    }

    @Test
    void readsTheEntryTheTrustedHopsVouchFor() {
        assertEquals(Optional.of("203.0.113.5"), client(List.of("203.0.113.5"), 1));
        assertEquals(Optional.of("203.0.113.5"), client(List.of("6.6.6.6, 203.0.113.5"), 1));
        assertEquals(Optional.of("203.0.113.5"), client(List.of("6.6.6.6", "203.0.113.5 , 10.0.0.2"), 2));
        assertEquals(Optional.of("203.0.113.5"), client(List.of("203.0.113.5:4711"), 1));
        assertEquals(Optional.of("0:0:0:0:0:0:0:1"), client(List.of("::1"), 1));
        assertEquals(Optional.empty(), client(List.of("10.0.0.2"), 2), "fewer entries than proxies");
        assertEquals(Optional.empty(), client(List.of(), 1));
        assertEquals(Optional.empty(), client(List.of("unknown"), 1));
        assertEquals(Optional.empty(), client(List.of("example.com"), 1), "names are never looked up");
        assertEquals(Optional.empty(), client(List.of("abc:"), 1));
        assertEquals(Optional.empty(), client(List.of("300.1.1.1"), 1));
        assertEquals(Optional.empty(), client(List.of(""), 1));
    }

    private static Optional<String> client(List<String> lines, int hops) {
        return TrustedProxies.clientAddress(lines, hops).map(InetAddress::getHostAddress);
    }
}
