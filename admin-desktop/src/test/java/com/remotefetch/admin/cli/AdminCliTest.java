package com.remotefetch.admin.cli;

import java.security.MessageDigest;
import java.util.HexFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.remotefetch.admin.api.Downloader;
import com.remotefetch.agent.app.Agent;
import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it, against a real server and real agents. */
@Timeout(60)
class AdminCliTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final OkHttpClient http = new OkHttpClient();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() {
        relay = RelayFixture.start(c -> c.withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)));
    }

    @AfterEach
    void tearDown() {
        relay.close();
        http.dispatcher().executorService().shutdown();
    }

    private int cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server";
        all[1] = relay.baseUrl();
        System.arraycopy(args, 0, all, 2, args.length);
        return new AdminCli(http, new Moshi.Builder().build()).commandLine()
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
    }

    @Test
    void listPrintsConnectedIds() throws IOException {
        relay.agent("restaurant_sf", Files.writeString(dir.resolve("a.txt"), "a"));
        relay.agent("restaurant_ny", Files.writeString(dir.resolve("b.txt"), "b"));
        assertEquals(0, cli("list"));
        assertEquals("restaurant_ny\nrestaurant_sf\n", out.toString().replace("\r\n", "\n"));
    }

    @Test
    void agentsTableKeepsItsColumnsAlignedWhateverTheirLength() {
        try (RawAgent longId = new RawAgent(http, relay.baseUrl());
             RawAgent shortId = new RawAgent(http, relay.baseUrl())) {
            longId.hello("restaurant_with_a_very_long_identifier_01");
            shortId.hello("sf");
            assertEquals(0, cli("agents"), err.toString());
        }
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        int column = lines.get(0).indexOf("CONNECTED SINCE");
        for (String line : lines.subList(1, 3)) {
            assertTrue(line.charAt(column - 1) == ' ' && line.charAt(column - 2) == ' ' && line.charAt(column) != ' ',
                    "the second column starts at the same place in every line:\n" + out);
        }
    }

    @Test
    void agentsWatchFollowsTheAgentsAndRidesOutAServerRestart() throws Exception {
        relay.agent("restaurant_sf", Files.writeString(dir.resolve("a.txt"), "a"));
        int[] code = {-1};
        Thread watching = new Thread(() -> code[0] = cli("agents", "--watch"), "watch");
        watching.start();
        try {
            Await.until(RelayFixture.WAIT, () -> out.toString().contains("restaurant_sf"), "the first table");
            int port = relay.server().port();
            relay.close();
            Await.until(RelayFixture.WAIT, () -> err.toString().contains("lost the server"), "the loss said");
            relay = RelayFixture.start(c -> c.withPort(port).withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)));
            relay.agent("restaurant_ny", Files.writeString(dir.resolve("b.txt"), "b"));
            Await.until(Duration.ofSeconds(15), () -> out.toString().contains("restaurant_ny"),
                    "the table again once the server is back");
        } finally {
            watching.interrupt();
            watching.join(10_000);
        }
        assertEquals(ExitCode.OK, code[0], "Ctrl-C ends it");
    }

    @Test
    void historyShowsWhoFetchedWhatNewestFirstAndFilters() throws IOException {
        relay.agent("restaurant_sf", Files.writeString(dir.resolve("sales.csv"), "a,b"));
        assertEquals(0, cli("download", "restaurant_sf", "sales.csv", "-o", dir.resolve("one.csv").toString()));
        assertEquals(ExitCode.NOT_FOUND, cli("download", "restaurant_sf", "nope.csv", "-o", dir.resolve("two.csv").toString()));
        out.getBuffer().setLength(0);
        assertEquals(0, cli("history"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        assertTrue(lines.get(1).contains("nope.csv") && lines.get(1).endsWith("file_not_found"), lines.get(1));
        assertTrue(lines.get(2).contains("sales.csv") && lines.get(2).endsWith("ok"), lines.get(2));
        out.getBuffer().setLength(0);
        assertEquals(0, cli("history", "--failed"));
        assertEquals(2, out.toString().lines().count(), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, cli("history", "--since", "1h"));
        assertEquals(3, out.toString().lines().count(), "both were in the last hour: " + out);
        out.getBuffer().setLength(0);
        assertEquals(0, cli("history", "--since", "2999-01-01T00:00:00Z"));
        assertEquals(1, out.toString().lines().count(), "none that late, only the header: " + out);
        assertEquals(ExitCode.USAGE, cli("history", "--since", "yesterday"));
        assertTrue(err.toString().contains("--since takes 30m, 12h, 7d"), err.toString());
    }

    @Test
    void downloadSavesTheDefaultFileVerified() throws IOException {
        Path source = TestFiles.random(dir, "file_to_download.txt", 2_500_000, 5);
        relay.agent("restaurant_sf", source);
        Path target = dir.resolve("out/saved.bin");
        Files.createDirectories(target.getParent());
        assertEquals(0, cli("download", "restaurant_sf", "-o", target.toString()), err.toString());
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
        assertFalse(Files.exists(Downloader.partFile(target)), "no part file left behind");
        assertTrue(err.toString().contains("verified"), err.toString());
    }

    @Test
    void outputNamingAFolderSavesIntoItUnderTheFilesName() throws IOException {
        Path source = TestFiles.random(dir.resolve("agent"), "report.bin", 100_000, 7);
        relay.agent("restaurant_sf", source);
        Path folder = Files.createDirectories(dir.resolve("downloads"));
        assertEquals(0, cli("download", "restaurant_sf", "report.bin", "-o", folder.toString()), err.toString());
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(folder.resolve("report.bin")));
    }

    @Test
    void filesSaysSoWhenAnAgentSharesNothing() {
        relay.agent("empty_sf");
        assertEquals(0, cli("files", "empty_sf"));
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("empty_sf shares no files"), err.toString());
    }

    @Test
    void unknownAgentExits3AndWritesNothing() {
        Path target = dir.resolve("x.bin");
        assertEquals(ExitCode.NOT_FOUND, cli("download", "nobody", "-o", target.toString()));
        assertTrue(err.toString().contains("agent nobody is not connected"), err.toString());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Downloader.partFile(target)));
    }

    @Test
    void silentAgentExits4() {
        try (RawAgent silent = new RawAgent(http, relay.baseUrl())) {
            silent.hello("silent");
            assertEquals(ExitCode.AGENT_TIMEOUT, cli("download", "silent", "-o", dir.resolve("x").toString()));
            assertTrue(err.toString().contains("did not answer"), err.toString());
        }
    }

    @Test
    void unreachableServerExits9() {
        int code = new AdminCli(http, new Moshi.Builder().build()).commandLine()
                .setErr(new PrintWriter(err, true)).execute("--server", "http://127.0.0.1:1", "list");
        assertEquals(ExitCode.UNREACHABLE, code);
        assertTrue(err.toString().contains("Cannot reach the server at http://127.0.0.1:1."), err.toString());
    }

    @Test
    void fullDiskExits11NamesTheCauseAndTheServerServesTheNextDownload() throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.isWritable(devFull), "needs Linux's /dev/full to play a full disk");
        Path source = TestFiles.random(dir, "file_to_download.txt", 2_500_000, 6);
        relay.agent("restaurant_sf", source);
        Path target = dir.resolve("saved.bin");
        Files.createSymbolicLink(Downloader.partFile(target), devFull);

        assertEquals(ExitCode.LOCAL_IO, cli("download", "restaurant_sf", "-o", target.toString()));
        assertTrue(err.toString().contains("Cannot save saved.bin.part: No space left on device."), err.toString());
        assertFalse(Files.exists(target), "nothing that looks complete");

        Files.delete(Downloader.partFile(target));
        assertEquals(0, cli("download", "restaurant_sf", "-o", target.toString()), err.toString());
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
    }

    @Test
    void brokenTransferExits7KeepsThePartAndResumeCompletesIt() throws Exception {
        Path target = dir.resolve("resumed.bin");
        byte[] content = new byte[3000];
        Arrays.fill(content, (byte) 'x');
        content[2999] = 'y';
        try (RawAgent flaky = new RawAgent(http, relay.baseUrl())) {
            flaky.hello("flaky", new FileInfo("data.bin", content.length, 0));
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                    () -> cli("download", "flaky", "data.bin", "-o", target.toString()));
            Message.Fetch fetch = flaky.take(Message.Fetch.class);
            flaky.send(new Message.FileMeta(fetch.transferId(), "data.bin", content.length, 0, 0, content.length, "v1"));
            flaky.sendBinary(frame(fetch.transferId(), content, 0, 1000));
            // The agent vanishes once the first 1000 bytes have reached the admin's disk.
            Path part = Downloader.partFile(target);
            Await.until(RelayFixture.WAIT, () -> sizeOf(part) == 1000, "the first 1000 bytes to arrive");
            flaky.close();
            assertEquals(ExitCode.INTERRUPTED, first.get());
        }
        assertFalse(Files.exists(target), "a broken transfer must not leave the final name");
        assertTrue(err.toString().contains("--resume"), err.toString());
        assertEquals(1000, Files.size(Downloader.partFile(target)));

        try (RawAgent back = new RawAgent(http, relay.baseUrl())) {
            back.hello("flaky", new FileInfo("data.bin", content.length, 0));
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(
                    () -> cli("download", "flaky", "data.bin", "-o", target.toString(), "--resume"));
            Message.Fetch fetch = back.take(Message.Fetch.class);
            assertEquals(999, fetch.offset(), "resume asks for the rest only, from one byte back");
            back.send(new Message.FileMeta(fetch.transferId(), "data.bin", content.length, 0, 999, 2001, "v1"));
            back.sendBinary(frame(fetch.transferId(), content, 999, 3000));
            back.send(new Message.TransferEnd(fetch.transferId(), 2001, sha(content, 999, 3000), sha(content, 0, 3000)));
            assertEquals(ExitCode.OK, second.get(), err.toString());
        }
        assertEquals(Arrays.toString(content), Arrays.toString(Files.readAllBytes(target)));
        assertTrue(err.toString().contains("resumed at byte 999"), err.toString());
        assertTrue(err.toString().contains("SHA-256 of the whole file " + sha(content, 0, 3000) + ", verified"),
                err.toString());
    }

    @Test
    void checksumMismatchExits8AndLeavesNoFile() throws Exception {
        Path target = dir.resolve("bad.bin");
        byte[] content = "twelve bytes".getBytes();
        try (RawAgent liar = new RawAgent(http, relay.baseUrl())) {
            liar.hello("liar", new FileInfo("f", content.length, 0));
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                    () -> cli("download", "liar", "f", "-o", target.toString()));
            Message.Fetch fetch = liar.take(Message.Fetch.class);
            liar.send(new Message.FileMeta(fetch.transferId(), "f", content.length, 0, 0, content.length));
            liar.sendBinary(frame(fetch.transferId(), content, 0, content.length));
            liar.send(new Message.TransferEnd(fetch.transferId(), content.length, "00".repeat(32)));
            assertEquals(ExitCode.VERIFY_FAILED, run.get());
        }
        assertTrue(err.toString().contains("SHA-256 mismatch"), err.toString());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Downloader.partFile(target)));
    }

    @Test
    void realAgentResumeOfAPartialFileProducesTheWholeFile() throws IOException {
        Path source = TestFiles.random(dir, "big.bin", 4_000_000, 9);
        Agent agent = relay.agent("restaurant", source);
        Path target = dir.resolve("copy.bin");
        Files.write(Downloader.partFile(target), Arrays.copyOf(Files.readAllBytes(source), 1_234_567));
        Files.writeString(Downloader.validatorFile(target), ResumeTest.etagOf(http, relay.baseUrl() + "/api/download/restaurant/big.bin"));
        assertEquals(0, cli("download", "restaurant", "big.bin", "-o", target.toString(), "--resume"), err.toString());
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
        assertTrue(agent.state().current().online());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static byte[] frame(long transferId, byte[] content, int from, int to) {
        byte[] frame = new byte[DataFrame.HEADER_BYTES + to - from];
        DataFrame.writeHeader(frame, transferId);
        System.arraycopy(content, from, frame, DataFrame.HEADER_BYTES, to - from);
        return frame;
    }

    private static String sha(byte[] content, int from, int to) {
        MessageDigest d = TestFiles.digest();
        d.update(content, from, to - from);
        return HexFormat.of().formatHex(d.digest());
    }
}
