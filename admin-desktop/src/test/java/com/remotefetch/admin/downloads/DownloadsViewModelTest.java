package com.remotefetch.admin.downloads;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import java.util.concurrent.Executor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Downloads panel logic against a real server and agent, with the UI dispatcher inlined. */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class DownloadsViewModelTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final OkHttpClient http = new OkHttpClient();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private Path source;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        source = TestFiles.random(dir, "export.bin", 24L << 20, 11);
        relay.agent("restaurant_sf", source);
    }

    @AfterEach
    void tearDown() {
        background.shutdownNow();
        http.dispatcher().executorService().shutdown();
    }

    private DownloadsViewModel vm(Executor executor) {
        Downloader downloader = new Downloader(new ApiClient(http, new Moshi.Builder().build(), relay.baseUrl(), null));
        return new DownloadsViewModel(downloader, executor, Runnable::run, System::nanoTime);
    }

    @Test
    void downloadCompletesWithTheRightBytesAndProgressReachesOne() throws IOException {
        List<Double> progress = new ArrayList<>();
        DownloadsViewModel vm = vm(Runnable::run);
        Path target = dir.resolve("saved.bin");
        DownloadItem item = vm.download("restaurant_sf", "export.bin", target);
        item.progressProperty().addListener((o, was, now) -> progress.add(now.doubleValue()));
        assertEquals(DownloadItem.State.DONE, item.stateProperty().get(), item.messageProperty().get());
        assertEquals(1.0, item.progressProperty().get());
        assertEquals("Done, SHA-256 verified", item.messageProperty().get());
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
        assertEquals("24.0 MiB", item.bytesProperty().get());
    }

    @Test
    void clearFinishedRemovesOnlyTheSavedOnes() {
        DownloadsViewModel vm = vm(Runnable::run);
        DownloadItem done = vm.download("restaurant_sf", "export.bin", dir.resolve("a.bin"));
        DownloadItem failed = vm.download("nobody", null, dir.resolve("b.bin"));
        assertEquals(DownloadItem.State.DONE, done.stateProperty().get());
        assertEquals(DownloadItem.State.FAILED, failed.stateProperty().get());
        vm.clearFinished();
        assertEquals(List.of(failed), vm.items(), "a failed download stays, to be retried");
    }

    @Test
    void cancelStopsItAndRetryResumesToTheSameBytes() throws IOException {
        DownloadsViewModel vm = vm(background);
        Path target = dir.resolve("resumed.bin");
        // Large enough that the cancel lands mid-transfer on a fast machine.
        source = TestFiles.random(dir, "big.bin", 192L << 20, 12);
        Agent slow = relay.agent("slow_sf", source);
        DownloadItem item = vm.download("slow_sf", "big.bin", target);
        Await.until(RelayFixture.WAIT, () -> item.progressProperty().get() > 0, "some progress");
        assertTrue(vm.anyRunning().get(), "a running download holds the server");
        item.cancel();
        Await.until(RelayFixture.WAIT, () -> item.stateProperty().get() == DownloadItem.State.CANCELLED, "cancelled");
        // The UI dispatcher here runs on the download's thread: the state is set a moment before
        // its listeners update anyRunning, so wait for that too rather than read it once.
        Await.until(RelayFixture.WAIT, () -> !vm.anyRunning().get(), "nothing to run after the cancel");
        assertFalse(Files.exists(target), "no complete-looking file after a cancel");
        long partial = Files.size(Downloader.partFile(target));
        assertTrue(partial > 0 && partial < Files.size(source), "partial " + partial);
        Await.until(RelayFixture.WAIT, () -> slow.transfers().active().isEmpty(), "the agent to stop sending");

        item.retry();
        Await.until(RelayFixture.WAIT, () -> item.stateProperty().get() == DownloadItem.State.DONE, "done after retry");
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
    }

    @Test
    void retryAfterTheFileChangedDownloadsTheNewVersionAndSaysSo() throws IOException {
        DownloadsViewModel vm = vm(background);
        Path target = dir.resolve("changed.bin");
        Path changing = TestFiles.random(dir.resolve("agent"), "changing.bin", 8L << 20, 13);
        // Capped at 4 MB/s, so the cancel lands mid-transfer on any machine.
        relay.agent(relay.agentConfig("capped_sf", List.of(changing), List.of()).withMaxUpload(4_000_000));
        DownloadItem item = vm.download("capped_sf", "changing.bin", target);
        Await.until(RelayFixture.WAIT, () -> item.progressProperty().get() > 0, "some progress");
        item.cancel();
        Await.until(RelayFixture.WAIT, () -> item.stateProperty().get() == DownloadItem.State.CANCELLED, "cancelled");
        TestFiles.random(dir.resolve("agent"), "changing.bin", 6L << 20, 14);

        item.retry();
        Await.until(Duration.ofSeconds(20), () -> item.stateProperty().get() == DownloadItem.State.DONE,
                "done after retry");
        assertEquals(TestFiles.sha256(changing), TestFiles.sha256(target), "the new version, whole");
        assertTrue(item.messageProperty().get().contains("The file had changed on the agent"),
                item.messageProperty().get());
    }

    @Test
    void agentGoneMidTransferIsAPlainWordsFailure() throws IOException {
        DownloadsViewModel vm = vm(background);
        // Capped at 4 MB/s, so the agent dies mid-transfer on any machine (uncapped, 24 MiB can land first).
        Agent doomed = relay.agent(relay.agentConfig("doomed", List.of(source), List.of()).withMaxUpload(4_000_000));
        DownloadItem item = vm.download("doomed", "export.bin", dir.resolve("x.bin"));
        Await.until(RelayFixture.WAIT, () -> item.progressProperty().get() > 0, "some progress");
        doomed.close();
        Await.until(RelayFixture.WAIT, () -> item.stateProperty().get() == DownloadItem.State.FAILED, "failed");
        assertTrue(item.messageProperty().get().startsWith("The download from doomed broke off"),
                item.messageProperty().get());
        assertFalse(Files.exists(dir.resolve("x.bin")));
    }

    @Test
    void offlineAgentIsSaidPlainly() {
        DownloadItem item = vm(Runnable::run).download("nobody", null, dir.resolve("y.bin"));
        assertEquals(DownloadItem.State.FAILED, item.stateProperty().get());
        assertEquals("nobody is offline.", item.messageProperty().get());
    }

    @Test
    void fullDiskIsSaidPlainlyAndRetryContinuesOnceThereIsRoom() throws IOException {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.isWritable(devFull), "needs Linux's /dev/full to play a full disk");
        Path target = dir.resolve("saved.bin");
        Path part = Downloader.partFile(target);
        Files.createSymbolicLink(part, devFull);

        DownloadItem item = vm(Runnable::run).download("restaurant_sf", "export.bin", target);
        assertEquals(DownloadItem.State.FAILED, item.stateProperty().get());
        assertEquals("Cannot save saved.bin.part: No space left on device. Free some space and try again: the"
                + " download continues where it stopped.", item.messageProperty().get());
        assertFalse(Files.exists(target), "nothing that looks complete");

        Files.delete(part); // room again
        item.retry();
        assertEquals(DownloadItem.State.DONE, item.stateProperty().get(), item.messageProperty().get());
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(target));
    }
}
