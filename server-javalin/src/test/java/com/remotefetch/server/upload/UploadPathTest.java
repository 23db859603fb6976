package com.remotefetch.server.upload;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TcpProxy;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which path the bytes take: HTTP uploads where they get through, frames where they do not. */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class UploadPathTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private Path file;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        file = TestFiles.random(dir, "export.bin", 40L << 20, 4); // three segments of 16 MiB
    }

    private long fallbacks() {
        Matcher m = Pattern.compile("(?m)^remotefetch_upload_fallbacks_total (\\S+)").matcher(relay.server().metrics().scrape());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private String download(String clientId) throws IOException {
        try (Response r = relay.http().newCall(new Request.Builder()
                .url(relay.baseUrl() + "/api/download/" + clientId + "/export.bin").build()).execute();
             InputStream body = r.body().byteStream()) {
            assertEquals(200, r.code());
            String sha = TestFiles.sha256(body);
            assertEquals(TestFiles.sha256(file), r.trailers().get("X-Content-SHA256"));
            return sha;
        }
    }

    @Test
    void bytesTravelAsUploadSegmentsByDefault() throws IOException {
        relay.agent("restaurant_sf", file);
        assertEquals(TestFiles.sha256(file), download("restaurant_sf"));
        assertEquals(0, fallbacks(), "no transfer fell back to frames");
    }

    @Test
    void framesOnlyAgentsStillWorkAndAreCounted() throws IOException {
        relay.agent(relay.agentConfig("frames_sf", List.of(file), List.of()).withFramesOnly(true));
        assertEquals(TestFiles.sha256(file), download("frames_sf"));
        assertEquals(1, fallbacks());
    }

    @Test
    void aProxyThatRefusesUploadsMakesTheAgentFallBackToFrames() throws IOException {
        try (TcpProxy proxy = new TcpProxy(relay.server().port(), true, 0)) {
            AgentConfig behindProxy = AgentConfig.of("proxied_sf", proxy.baseUrl(), List.of(file), List.of())
                    .withTimings(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100));
            relay.agent(behindProxy);
            assertEquals(TestFiles.sha256(file), download("proxied_sf"));
            assertEquals(TestFiles.sha256(file), download("proxied_sf"));
            assertEquals(2, fallbacks(), "each transfer counted once");
        }
    }
}
