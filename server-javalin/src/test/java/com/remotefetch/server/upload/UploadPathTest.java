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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    @Test
    void smallSegmentsFollowEachOtherInOrderOnTwoConnections() throws Exception {
        // 64 KiB segments: a 5 MiB file in 81, each next one sent while the one before waits for
        // its answer; several downloads at once and a range that starts mid-segment.
        Path odd = TestFiles.random(dir, "odd.bin", (5L << 20) + 12345, 9);
        try (RelayFixture small = RelayFixture.start(c -> c.withSegmentBytes(64 << 10))) {
            small.agent("segments_sf", odd);
            List<CompletableFuture<String>> downloads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                downloads.add(CompletableFuture.supplyAsync(() -> sha(small, "/api/download/segments_sf/odd.bin", null)));
            }
            for (CompletableFuture<String> download : downloads) {
                assertEquals(TestFiles.sha256(odd), download.get(30, TimeUnit.SECONDS));
            }
            long from = 100_000;
            byte[] all = Files.readAllBytes(odd);
            String tail = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Arrays.copyOfRange(all, (int) from, all.length)));
            assertEquals(tail, sha(small, "/api/download/segments_sf/odd.bin", "bytes=" + from + "-"));
        }
    }

    private static String sha(RelayFixture relay, String path, String range) {
        Request.Builder request = new Request.Builder().url(relay.baseUrl() + path);
        if (range != null) {
            request.header("Range", range);
        }
        try (Response r = relay.http().newCall(request.build()).execute(); InputStream body = r.body().byteStream()) {
            assertEquals(range == null ? 200 : 206, r.code());
            return TestFiles.sha256(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
