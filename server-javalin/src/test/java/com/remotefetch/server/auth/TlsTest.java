package com.remotefetch.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.client.TlsTrust;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.tls.PemKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server serves HTTPS/WSS from PEM files; agents and clients trust it by CA file or pin. */
@Timeout(60)
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void agentAndAdminTalkToTheServerOverTls() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test CA").build();
        HeldCertificate server = new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("127.0.0.1")
                .commonName("relay").build();
        Path cert = Files.writeString(dir.resolve("server.pem"), server.certificatePem() + ca.certificatePem());
        Path key = Files.writeString(dir.resolve("server.key"), server.privateKeyPkcs8Pem());
        Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        Path shared = Files.writeString(dir.resolve("file_to_download.txt"), "over tls");

        try (RelayFixture relay = RelayFixture.startSecure(SecurityConfig.open(), null,
                PemKeyStore.load(cert, key), c -> c.withTrustedProxyHops(1)).useHttps()) {
            AgentConfig config = AgentConfig.of("tls_agent", relay.baseUrl(), List.of(shared), List.of())
                    .withCredentials(null, new TlsTrust(caFile, null));
            relay.agent(config, Agent.httpClient(config));

            HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
            OkHttpClient admin = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
            try (Response r = admin.newCall(new Request.Builder().url(relay.baseUrl() + "/api/download/tls_agent").build()).execute()) {
                assertEquals("over tls", r.body().string());
            }

            // The HTTPS connector has the same request customizers as plain HTTP: here, trusted proxies.
            Request upgrade = new Request.Builder().url(relay.baseUrl().replace("https", "wss") + "/ws/agent")
                    .header("X-Forwarded-For", "203.0.113.9").build();
            try (RawAgent behindProxy = new RawAgent(admin, upgrade).hello("behind_proxy")) {
                assertEquals("203.0.113.9", relay.server().hub().find("behind_proxy").orElseThrow().remoteAddress());
            }

            OkHttpClient untrusting = new OkHttpClient();
            assertThrows(SSLException.class, () -> untrusting.newCall(
                    new Request.Builder().url(relay.baseUrl() + "/health").build()).execute().close());

            String wrongPin = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
            OkHttpClient pinnedWrong = new TlsTrust(caFile, wrongPin).apply(new OkHttpClient.Builder(), "127.0.0.1").build();
            assertThrows(SSLException.class, () -> pinnedWrong.newCall(
                    new Request.Builder().url(relay.baseUrl() + "/health").build()).execute().close());

            String rightPin = okhttp3.CertificatePinner.pin(server.certificate());
            OkHttpClient pinnedRight = new TlsTrust(caFile, rightPin).apply(new OkHttpClient.Builder(), "127.0.0.1").build();
            try (Response r = pinnedRight.newCall(new Request.Builder().url(relay.baseUrl() + "/health").build()).execute()) {
                assertEquals(200, r.code());
            }
        }
    }
}
