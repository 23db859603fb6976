package com.remotefetch.server.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.server.ServerMain;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.TestFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moves 1 GiB through a server JVM whose heap is 64 MiB: it can only succeed if no part of the
 * relay holds the file. The server runs as a separate process, as in production.
 */
@Timeout(300)
class LargeFileBoundedMemoryTest {
    private static final long SIZE = 1L << 30;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void oneGibThroughA64MibServerArrivesIntact() throws Exception {
        Path file = TestFiles.random(dir, "one-gib.bin", SIZE, 42);
        String expected = TestFiles.sha256(file);

        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Dlogback.configurationFile=" + ServerMain.class.getResource("/logback.xml"), "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).start();
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
        try {
            int port = awaitPort(server);
            String base = "http://127.0.0.1:" + port;
            AgentConfig config = AgentConfig.of("big_agent", base, List.of(file), List.of())
                    .withFramesOnly(Boolean.getBoolean("remotefetch.test.framesOnly"));
            try (Agent agent = new Agent(config, Agent.httpClient()).start()) {
                Await.until(Duration.ofSeconds(20), () -> agent.state().current().online(), "agent online");
                try (Response r = http.newCall(new Request.Builder().url(base + "/api/download/big_agent").build()).execute()) {
                    assertEquals(200, r.code());
                    assertEquals(Long.toString(SIZE), r.header(DownloadHandler.SIZE_HEADER));
                    assertEquals(expected, TestFiles.sha256(r.body().byteStream()));
                    assertEquals(expected, r.trailers().get(DownloadHandler.SHA256_TRAILER));
                }
            }
            assertTrue(server.isAlive(), "the server survived (no OutOfMemoryError)");
            long peakRssKib = peakRssKib(server.pid());
            if (peakRssKib > 0) {
                assertTrue(peakRssKib < 256 * 1024, "server peak RSS " + peakRssKib / 1024 + " MiB");
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            http.dispatcher().executorService().shutdown();
            Files.deleteIfExists(file);
        }
    }

    /** Reads the server's log until it says where it listens; keeps draining it afterwards. */
    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                    if (line.contains("OutOfMemoryError")) {
                        port.completeExceptionally(new AssertionError(line));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new AssertionError("server exited before listening"));
        }, "server-log");
        drain.setDaemon(true);
        drain.start();
        return port.get(30, TimeUnit.SECONDS);
    }

    /** VmHWM from /proc (Linux); 0 where there is no /proc. */
    private static long peakRssKib(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
