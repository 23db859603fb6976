package com.remotefetch.server.download;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import com.remotefetch.agent.app.Agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
@ExtendWith(RelayExtension.class)
class ConcurrencyTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @BeforeEach
    void setUp(RelayFixture relay) {
        this.relay = relay;
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private Response open(String path) throws IOException {
        return relay.http().newCall(new Request.Builder().url(relay.baseUrl() + path).build()).execute();
    }

    @Test
    void eightConcurrentDownloadsAcrossTwoAgentsAreAllCorrect() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(TestFiles.random(dir, "f" + i + ".bin", 5_000_000 + i * 777_777L, i));
        }
        relay.agent("east", files.toArray(Path[]::new));
        relay.agent("west", files.toArray(Path[]::new));
        List<Future<String>> results = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String agent : List.of("east", "west")) {
            for (Path f : files) {
                expected.add(TestFiles.sha256(f));
                results.add(pool.submit(() -> {
                    try (Response r = open("/api/download/" + agent + "/" + f.getFileName())) {
                        assertEquals(200, r.code());
                        return TestFiles.sha256(r.body().byteStream());
                    }
                }));
            }
        }
        for (int i = 0; i < results.size(); i++) {
            assertEquals(expected.get(i), results.get(i).get(), "download " + i);
        }
    }

    @Test
    void stalledReaderDoesNotSlowASiblingOnTheSameAgent() throws Exception {
        Path big = TestFiles.random(dir, "big.bin", 48L << 20, 3);
        Agent agent = relay.agent("restaurant", big);
        try (Response stalled = open("/api/download/restaurant/big.bin")) {
            // Read a little, then stop reading: the server may hold one window for it, no more.
            stalled.body().byteStream().readNBytes(64 * 1024);
            try (Response sibling = open("/api/download/restaurant/big.bin")) {
                assertEquals(TestFiles.sha256(big), TestFiles.sha256(sibling.body().byteStream()));
            }
            // Backpressure reached the agent: it sent the stalled transfer only what the reader
            // took, one window and what the kernel's socket buffers hold, not the file.
            long stalledSent = agent.transfers().active().stream().mapToLong(t -> t.sentBytes()).max().orElseThrow();
            assertTrue(stalledSent < 16L << 20, "stalled transfer pulled " + stalledSent + " bytes from the agent");
            InputStream rest = stalled.body().byteStream();
            assertEquals(TestFiles.sha256(big), TestFiles.sha256(new SequenceInputStream(
                    new ByteArrayInputStream(Files.readAllBytes(big), 0, 64 * 1024), rest)),
                    "the stalled transfer resumes and completes intact");
        }
    }
}
