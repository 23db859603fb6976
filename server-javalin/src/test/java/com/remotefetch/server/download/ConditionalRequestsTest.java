package com.remotefetch.server.download;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Validators (ETag), conditional requests, HEAD and unsatisfiable ranges, against a real agent. */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class ConditionalRequestsTest {
    private static final String URL = "/api/download/restaurant_sf/report.bin";

    @TempDir
    Path dir;

    private RelayFixture relay;
    private Path report;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        report = TestFiles.random(dir, "report.bin", 2_000_000, 3);
        relay.agent("restaurant_sf", report, Files.writeString(dir.resolve("small.txt"), "twenty-eight bytes of text!\n"));
    }

    private Response call(String method, String path, String... headers) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path).method(method, null);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return relay.http().newCall(b.build()).execute();
    }

    private String etag() throws IOException {
        try (Response r = call("HEAD", URL)) {
            return r.header("ETag");
        }
    }

    private void change() throws IOException {
        byte[] bytes = Files.readAllBytes(report);
        bytes[0] ^= 1;
        Files.write(report, bytes);
        Files.setLastModifiedTime(report, FileTime.fromMillis(Files.getLastModifiedTime(report).toMillis() + 5_000));
    }

    @Test
    void headAnswersSizeValidatorAndRangesWithoutABody() throws IOException {
        try (Response r = call("HEAD", URL)) {
            assertEquals(200, r.code());
            assertEquals("2000000", r.header("X-File-Size"));
            assertEquals("2000000", r.header("Content-Length"));
            assertEquals("bytes", r.header("Accept-Ranges"));
            assertNotNull(r.header("Last-Modified"));
            assertTrue(r.header("ETag").matches("\"[0-9a-f]{20}\""), r.header("ETag"));
            assertEquals(0, r.body().bytes().length);
        }
        try (Response r = call("GET", URL)) {
            assertEquals(etag(), r.header("ETag"), "GET and HEAD name the same version");
            r.body().bytes();
        }
    }

    @Test
    void headForAnUnknownAgentIs404() throws IOException {
        try (Response r = call("HEAD", "/api/download/nobody")) {
            assertEquals(404, r.code());
        }
    }

    @Test
    void theValidatorChangesWithTheFile() throws IOException {
        String before = etag();
        change();
        assertNotEquals(before, etag());
    }

    @Test
    void ifRangeWithTheCurrentVersionGetsTheRange() throws IOException {
        try (Response r = call("GET", URL, "Range", "bytes=1000000-", "If-Range", etag())) {
            assertEquals(206, r.code());
            byte[] body = r.body().bytes();
            assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(report), 1_000_000, 2_000_000), body);
            assertEquals(TestFiles.sha256(report), r.trailers().get(DownloadHandler.FILE_SHA256_TRAILER),
                    "a range to the end also carries the whole file's digest");
        }
    }

    @Test
    void ifRangeWithAStaleVersionGetsTheWholeNewFile() throws IOException {
        String stale = etag();
        change();
        try (Response r = call("GET", URL, "Range", "bytes=1000000-", "If-Range", stale)) {
            assertEquals(200, r.code());
            assertEquals(null, r.header("Content-Range"));
            assertArrayEquals(Files.readAllBytes(report), r.body().bytes());
        }
    }

    @Test
    void ifRangeWithADateIsNotTrustedAndGetsTheWholeFile() throws IOException {
        String lastModified;
        try (Response r = call("HEAD", URL)) {
            lastModified = r.header("Last-Modified");
        }
        try (Response r = call("GET", URL, "Range", "bytes=1000000-", "If-Range", lastModified)) {
            assertEquals(200, r.code());
            assertEquals(2_000_000, r.body().bytes().length);
        }
    }

    @Test
    void ifNoneMatchWithTheCurrentVersionIs304() throws IOException {
        String etag = etag();
        try (Response r = call("GET", URL, "If-None-Match", etag)) {
            assertEquals(304, r.code());
            assertEquals(etag, r.header("ETag"));
        }
        change();
        try (Response r = call("GET", URL, "If-None-Match", etag)) {
            assertEquals(200, r.code());
            assertEquals(2_000_000, r.body().bytes().length);
        }
    }

    @Test
    void ifMatchWithAStaleVersionIs412() throws IOException {
        String stale = etag();
        change();
        try (Response r = call("GET", URL, "If-Match", stale)) {
            assertEquals(412, r.code());
            assertTrue(r.body().string().contains("\"code\":\"precondition_failed\""));
        }
        try (Response r = call("GET", URL, "If-Match", etag())) {
            assertEquals(200, r.code());
            r.body().bytes();
        }
    }

    @Test
    void aRangeStartingAtTheEndIs416WithTheSize() throws IOException {
        try (Response r = call("GET", "/api/download/restaurant_sf/small.txt", "Range", "bytes=28-")) {
            assertEquals(416, r.code());
            assertEquals("bytes */28", r.header("Content-Range"));
            assertTrue(r.body().string().contains("range_not_satisfiable"));
        }
        try (Response r = call("GET", "/api/download/restaurant_sf/small.txt", "Range", "bytes=27-")) {
            assertEquals(206, r.code());
            assertEquals("bytes 27-27/28", r.header("Content-Range"));
            assertEquals("\n", r.body().string());
        }
    }
}
