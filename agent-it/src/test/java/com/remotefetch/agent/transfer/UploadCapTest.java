package com.remotefetch.agent.transfer;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import java.io.UncheckedIOException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's upload cap holds for all its downloads together. Only a lower bound on the time is
 * asserted: a capped agent can never be faster than its cap, however busy the machine.
 */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class UploadCapTest {
    @TempDir
    Path dir;

    private RelayFixture relay;

    @BeforeEach
    void setUp(RelayFixture relay) {
        this.relay = relay;
    }

    @Test
    void twoDownloadsFromACappedAgentShareItsRateAndArriveWhole() throws Exception {
        Path a = TestFiles.random(dir, "a.bin", 3_000_000, 1);
        Path b = TestFiles.random(dir, "b.bin", 3_000_000, 2);
        relay.agent(relay.agentConfig("capped", List.of(a, b), List.of()).withMaxUpload(2_000_000));

        long started = System.nanoTime();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> sha256Of("/api/download/capped/a.bin"));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> sha256Of("/api/download/capped/b.bin"));
        assertEquals(TestFiles.sha256(a), first.get());
        assertEquals(TestFiles.sha256(b), second.get());
        double seconds = (System.nanoTime() - started) / 1e9;
        // 6 MB at 2 MB/s is 3 s, less the quarter second of burst the bucket starts with.
        assertTrue(seconds >= 2.7, "6 MB through a 2 MB/s cap took only " + seconds + " s");
    }

    private String sha256Of(String path) {
        Request request = new Request.Builder().url(relay.baseUrl() + path).build();
        try (Response r = relay.http().newCall(request).execute()) {
            assertEquals(200, r.code());
            return TestFiles.sha256(r.body().byteStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
