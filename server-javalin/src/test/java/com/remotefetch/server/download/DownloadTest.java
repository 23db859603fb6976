package com.remotefetch.server.download;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import com.remotefetch.server.testing.RawAgent;
import java.util.ArrayList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@ExtendWith(RelayExtension.class)
class DownloadTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private Path defaultFile;
    private Path report;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        defaultFile = Files.writeString(dir.resolve("file_to_download.txt"), "hello from the restaurant\n");
        report = TestFiles.random(dir, "report.bin", 3_000_000, 1);
        relay.agent("restaurant_sf", defaultFile, report);
    }

    private Response get(String path, String... headers) throws IOException {
        Request.Builder b = new Request.Builder().url(relay.baseUrl() + path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return relay.http().newCall(b.build()).execute();
    }

    @Test
    void clientsListKeepsTheOriginalShape() throws IOException {
        try (Response r = get("/api/clients")) {
            assertEquals(200, r.code());
            assertEquals("{\"count\":1,\"clients\":[\"restaurant_sf\"]}", r.body().string());
        }
    }

    @Test
    void agentsListShowsDetailsAndFiles() throws IOException {
        try (Response r = get("/api/agents")) {
            String body = r.body().string();
            assertEquals(200, r.code());
            assertTrue(body.contains("\"id\":\"restaurant_sf\""), body);
            assertTrue(body.contains("\"agentVersion\""), body);
            assertTrue(body.contains("\"name\":\"report.bin\",\"size\":3000000"), body);
        }
        try (Response r = get("/api/clients/restaurant_sf/files")) {
            String body = r.body().string();
            assertTrue(body.contains("\"count\":2"), body);
            assertTrue(body.contains("\"name\":\"file_to_download.txt\",\"size\":26"), body);
        }
    }

    @Test
    void agentsPageAndFilter() throws IOException {
        try (RawAgentsForPaging extra = new RawAgentsForPaging(relay, "restaurant_ny", "pizza_west_1", "pizza_west_2")) {
            try (Response r = get("/api/agents?limit=2")) {
                String body = r.body().string();
                assertTrue(body.startsWith("{\"count\":4,\"agents\":[{\"id\":\"pizza_west_1\""), body);
                assertTrue(body.endsWith(",\"next\":\"pizza_west_2\"}"), body);
            }
            try (Response r = get("/api/agents?limit=2&after=pizza_west_2")) {
                String body = r.body().string();
                assertTrue(body.contains("\"id\":\"restaurant_ny\"") && body.contains("\"id\":\"restaurant_sf\""), body);
                assertTrue(body.endsWith("]}"), "no next after the last page: " + body);
            }
            try (Response r = get("/api/agents?q=WEST")) {
                String body = r.body().string();
                assertTrue(body.startsWith("{\"count\":2,"), body);
            }
            try (Response r = get("/api/agents?limit=0")) {
                assertEquals(400, r.code());
            }
        }
    }

    @Test
    void defaultDownloadStreamsTheDefaultFileChunked() throws IOException {
        try (Response r = get("/api/download/restaurant_sf")) {
            assertEquals(200, r.code());
            assertEquals("application/octet-stream", r.header("Content-Type"));
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertTrue(r.header("Content-Disposition").contains("filename=\"file_to_download.txt\""));
            assertEquals("26", r.header(DownloadHandler.SIZE_HEADER));
            assertEquals("hello from the restaurant\n", r.body().string());
            assertEquals(TestFiles.sha256(defaultFile), r.trailers().get(DownloadHandler.SHA256_TRAILER));
        }
    }

    @Test
    void namedDownloadHasTheSameBytes() throws IOException {
        try (Response r = get("/api/download/restaurant_sf/report.bin")) {
            assertEquals(200, r.code());
            assertEquals(TestFiles.sha256(report), TestFiles.sha256(r.body().byteStream()));
            assertEquals(TestFiles.sha256(report), r.trailers().get(DownloadHandler.SHA256_TRAILER));
        }
    }

    @Test
    void rangeRequestGetsPartialContent() throws IOException {
        byte[] all = Files.readAllBytes(report);
        try (Response r = get("/api/download/restaurant_sf/report.bin", "Range", "bytes=1000000-")) {
            assertEquals(206, r.code());
            assertEquals("bytes 1000000-2999999/3000000", r.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(all, 1_000_000, all.length), r.body().bytes());
        }
        try (Response r = get("/api/download/restaurant_sf/report.bin", "Range", "bytes=10-19")) {
            assertEquals(206, r.code());
            assertEquals("bytes 10-19/3000000", r.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(all, 10, 20), r.body().bytes());
        }
    }

    @Test
    void rangeBeyondTheEndIs416() throws IOException {
        try (Response r = get("/api/download/restaurant_sf/report.bin", "Range", "bytes=3000001-")) {
            assertEquals(416, r.code());
            assertTrue(r.body().string().contains("\"code\":\"range_not_satisfiable\""));
        }
    }

    @Test
    void unknownAgentIs404Json() throws IOException {
        try (Response r = get("/api/download/nobody")) {
            assertEquals(404, r.code());
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("{\"error\":\"agent nobody is not connected\",\"code\":\"agent_offline\",\"client_id\":\"nobody\"}",
                    r.body().string());
        }
    }

    @Test
    void unsharedFileIs404WithoutAskingTheAgent() throws IOException {
        for (String name : List.of("secret.txt", "..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "sub%2F..%2Freport.bin")) {
            try (Response r = get("/api/download/restaurant_sf/" + name)) {
                assertEquals(404, r.code(), name);
                assertTrue(r.body().string().contains("\"code\":\"file_not_found\""), name);
            }
        }
        try (Response r = get("/api/download/restaurant_sf/report.bin%00.txt")) {
            assertEquals(400, r.code(), "Jetty refuses an encoded NUL before any handler runs");
            assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
            assertTrue(r.body().string().contains("\"code\":\"bad_request\""), "JSON like every other error");
        }
        assertEquals(0, relay.server().hub().find("restaurant_sf").orElseThrow().activeTransfers());
    }

    @Test
    void vanishedDefaultFileIs500() throws IOException {
        Files.delete(defaultFile);
        try (Response r = get("/api/download/restaurant_sf")) {
            assertEquals(500, r.code());
            String body = r.body().string();
            assertTrue(body.contains("\"code\":\"agent_error\""), body);
            assertTrue(body.contains("file_to_download.txt does not exist"), body);
        }
    }

    @Test
    void healthIsOpen() throws IOException {
        try (Response r = get("/health")) {
            assertEquals(200, r.code());
            assertTrue(r.body().string().contains("\"status\":\"ok\""));
        }
    }

    /** A few hand-driven agents for listing tests. */
    private static final class RawAgentsForPaging implements AutoCloseable {
        private final List<RawAgent> agents = new ArrayList<>();

        RawAgentsForPaging(RelayFixture relay, String... ids) {
            for (String id : ids) {
                agents.add(new RawAgent(relay.http(), relay.baseUrl()).hello(id));
            }
        }

        @Override
        public void close() {
            agents.forEach(RawAgent::close);
        }
    }
}
