package com.remotefetch.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Web pages in an admin's browser cannot open the agent socket or read an open server. */
@Timeout(30)
class BrowserGuardTest {
    @TempDir
    Path dir;

    private RelayFixture relay;

    @AfterEach
    void tearDown() {
        relay.close();
    }

    /** A raw request, so that the Host header is exactly what a browser under DNS rebinding would send. */
    private String statusLine(String path, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.server().port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf('\r'));
        }
    }

    @Test
    void anOpenServerAnswersOnlyLoopbackHostNames() throws IOException {
        relay = RelayFixture.start();
        int port = relay.server().port();
        assertEquals("HTTP/1.1 403 Forbidden", statusLine("/api/clients", "rebound.evil.example:" + port));
        assertEquals("HTTP/1.1 403 Forbidden", statusLine("/api/clients", "127.0.0.1.evil.example"));
        assertEquals("HTTP/1.1 200 OK", statusLine("/api/clients", "127.0.0.1:" + port));
        assertEquals("HTTP/1.1 200 OK", statusLine("/api/clients", "localhost:" + port));
        assertEquals("HTTP/1.1 200 OK", statusLine("/api/clients", "[::1]:" + port));
    }

    @Test
    void aServerWithAdminTokensAnswersAnyHostName() throws IOException {
        relay = RelayFixture.startSecure(TestSecurity.config(dir, TestSecurity.agentTokens(dir)), null, null, c -> c);
        assertEquals("HTTP/1.1 200 OK", statusLine("/health", "relay.example.com"));
    }

    @Test
    void aBrowserOriginCannotOpenTheAgentSocket() {
        relay = RelayFixture.start();
        Request upgrade = new Request.Builder().url(relay.baseUrl().replace("http", "ws") + "/ws/agent")
                .header("Origin", "https://evil.example").build();
        try (RawAgent page = new RawAgent(relay.http(), upgrade)) {
            page.awaitRefused(403);
        }
        try (RawAgent agent = new RawAgent(relay.http(), relay.baseUrl())) {
            agent.hello("restaurant_sf"); // welcomed: agents send no Origin
            assertTrue(relay.server().hub().find("restaurant_sf").isPresent());
        }
    }

    @Test
    void anAllowedOriginMayOpenIt() {
        relay = RelayFixture.startSecure(new SecurityConfig(null, null, false, List.of("https://console.example")),
                null, null, c -> c);
        Request upgrade = new Request.Builder().url(relay.baseUrl().replace("http", "ws") + "/ws/agent")
                .header("Origin", "https://console.example").build();
        try (RawAgent console = new RawAgent(relay.http(), upgrade)) {
            console.hello("console_agent"); // welcomed
            assertTrue(relay.server().hub().find("console_agent").isPresent());
        }
    }
}
