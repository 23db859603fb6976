package com.remotefetch.agent.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.RelayExtension;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent hashes a file version once: later downloads and resumes of it use the remembered
 * SHA-256, and a file rewritten in place, even with its modification time set back, is hashed
 * afresh, so the digest checked is always the one of the bytes on disk.
 */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class DigestCacheTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private Path file;
    private Agent agent;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        file = TestFiles.random(dir, "export.bin", 6L << 20, 7);
        agent = relay.agent("restaurant_sf", file);
    }

    /** The SHA-256 of the body, checked against the trailer the agent's digest became. */
    private String download(String range) throws IOException {
        Request.Builder request = new Request.Builder().url(relay.baseUrl() + "/api/download/restaurant_sf/export.bin");
        if (range != null) {
            request.header("Range", range);
        }
        try (Response r = relay.http().newCall(request.build()).execute(); InputStream body = r.body().byteStream()) {
            assertEquals(range == null ? 200 : 206, r.code());
            String sha = TestFiles.sha256(body);
            assertEquals(sha, r.trailers().get("X-Content-SHA256"), "the digest the agent sent matches the bytes");
            return sha;
        }
    }

    private int hits() {
        return agent.transfers().digests().hits();
    }

    @Test
    void aSecondDownloadAndAResumeUseTheRememberedDigest() throws IOException {
        String whole = TestFiles.sha256(file);
        assertEquals(whole, download(null));
        assertEquals(0, hits(), "the first download hashes the file");
        assertEquals(whole, download(null));
        assertEquals(1, hits(), "the second one does not");
        byte[] bytes = Files.readAllBytes(file);
        String tail = TestFiles.sha256(new ByteArrayInputStream(Arrays.copyOfRange(bytes, 4 << 20, bytes.length)));
        assertEquals(tail, download("bytes=" + (4 << 20) + "-"), "a resume hashes only what it sends");
        assertEquals(2, hits(), "and takes the whole file's digest from memory, not from re-reading the start");
    }

    @Test
    void aFileRewrittenInPlaceWithItsTimeSetBackIsHashedAgain() throws IOException {
        assertEquals(TestFiles.sha256(file), download(null));
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[1000] ^= 1; // same size, one bit different
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, modified); // as a careless backup tool would leave it
        assertEquals(TestFiles.sha256(file), download(null), "the new bytes, with their own digest");
        assertEquals(0, hits(), "the change time told the versions apart");
    }
}
