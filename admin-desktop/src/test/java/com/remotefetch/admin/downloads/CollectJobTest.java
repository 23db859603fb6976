package com.remotefetch.admin.downloads;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.Downloader;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's collect job against a real server and real agents, without the FX thread: a single
 * thread stands in for it, as the job's bookkeeping runs on the UI thread only.
 */
@Timeout(90)
@ExtendWith(RelayExtension.class)
class CollectJobTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final OkHttpClient http = new OkHttpClient();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor();
    private DownloadsViewModel vm;

    @BeforeEach
    void setUp(RelayFixture relay) {
        this.relay = relay;
        Downloader downloader = new Downloader(new ApiClient(http, new Moshi.Builder().build(), relay.baseUrl(), null));
        vm = new DownloadsViewModel(downloader, background, uiThread::execute, System::nanoTime);
    }

    @AfterEach
    void tearDown() {
        background.shutdownNow();
        uiThread.shutdownNow();
        http.dispatcher().executorService().shutdown();
    }

    private <T> T onUi(Callable<T> read) {
        try {
            return uiThread.submit(read).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private Path share(int i, long size, long maxUpload) throws IOException {
        Path shared = Files.createDirectories(dir.resolve("agent" + i));
        Path file = TestFiles.random(shared, "sales.csv", size, i);
        relay.agent(relay.agentConfig("restaurant_" + i, List.of(), List.of(shared)).withMaxUpload(maxUpload));
        return file;
    }

    private static List<CollectJob.Target> online(int... ids) {
        List<CollectJob.Target> targets = new ArrayList<>();
        for (int i : ids) {
            targets.add(new CollectJob.Target("restaurant_" + i, true, null));
        }
        return targets;
    }

    @Test
    void collectsOneFolderPerAgentFourAtOnceListsTheOfflineOneAndRetryFailedCompletesTheMissingFile() throws IOException {
        for (int i : new int[] {1, 2, 4, 5, 6}) {
            share(i, 300_000 + i, 0);
        }
        relay.agent(relay.agentConfig("restaurant_3", List.of(), List.of(Files.createDirectories(dir.resolve("agent3")))));
        List<CollectJob.Target> targets = online(1, 2, 3, 4, 5, 6);
        targets.add(new CollectJob.Target("restaurant_7", false, "2026-11-25 22:10:00"));
        Path out = dir.resolve("out");
        AtomicInteger most = new AtomicInteger();
        CollectJob job = onUi(() -> {
            CollectJob j = vm.collect("sales.csv", out, targets);
            Runnable measure = () -> most.accumulateAndGet((int) j.parts().stream()
                    .filter(p -> p.stateProperty().get() == DownloadItem.State.RUNNING).count(), Math::max);
            measure.run();
            j.parts().forEach(p -> p.stateProperty().addListener((o, was, now) -> measure.run()));
            return j;
        });
        Await.until(Duration.ofSeconds(20), () -> onUi(() -> job.stateProperty().get() != DownloadItem.State.RUNNING),
                "the job to end");

        assertEquals(DownloadsViewModel.COLLECT_PARALLEL, most.get(), "at most four downloads at once, and four used");
        assertEquals(DownloadItem.State.FAILED, onUi(() -> job.stateProperty().get()), "incomplete is not done");
        assertEquals("5 of 7 delivered · 1 failed · 1 offline", onUi(() -> job.summaryProperty().get()));
        for (int i : new int[] {1, 2, 4, 5, 6}) {
            assertEquals(TestFiles.sha256(dir.resolve("agent" + i + "/sales.csv")),
                    TestFiles.sha256(out.resolve("restaurant_" + i + "/sales.csv")), "restaurant_" + i);
        }
        DownloadItem missing = onUi(() -> job.parts().get(2));
        assertEquals("restaurant_3 does not share that file.", onUi(() -> missing.messageProperty().get()));
        DownloadItem offline = onUi(() -> job.parts().get(6));
        assertEquals(DownloadItem.State.OFFLINE, onUi(() -> offline.stateProperty().get()));
        assertEquals("Offline, last seen 2026-11-25 22:10:00: not tried.", onUi(() -> offline.messageProperty().get()));
        assertFalse(Files.exists(out.resolve("restaurant_7")), "nothing is made up for an offline agent");
        assertEquals(0.0, onUi(() -> job.progressProperty().get()) - 5.0 / 7, 1e-9, "delivered over all");

        TestFiles.random(dir.resolve("agent3"), "sales.csv", 40_000, 33);
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_3").orElseThrow().sharesFile("sales.csv"),
                "restaurant_3 to announce its export");
        onUi(() -> {
            job.retryFailed();
            return null;
        });
        Await.until(Duration.ofSeconds(20), () -> onUi(() -> job.stateProperty().get() != DownloadItem.State.RUNNING),
                "the retry to end");
        assertEquals(TestFiles.sha256(dir.resolve("agent3/sales.csv")), TestFiles.sha256(out.resolve("restaurant_3/sales.csv")));
        assertEquals("6 of 7 delivered · 1 failed", onUi(() -> job.summaryProperty().get()),
                "the offline agent was tried again and is still offline");
        assertEquals("restaurant_7 is offline.", onUi(() -> offline.messageProperty().get()));
    }

    @Test
    void cancelStopsTheRunningAndTheWaitingDownloadsAndRetryFailedFinishesEveryOne() throws IOException {
        for (int i = 1; i <= 6; i++) {
            share(i, 3L << 20, 1_000_000); // 3 MiB at 1 MB/s: still running when cancelled
        }
        Path out = dir.resolve("out");
        CollectJob job = onUi(() -> vm.collect("sales.csv", out, online(1, 2, 3, 4, 5, 6)));
        Await.until(RelayFixture.WAIT, () -> onUi(() -> job.progressProperty().get() > 0), "some progress");
        assertTrue(onUi(() -> job.summaryProperty().get()).startsWith("0 of 6 delivered · 4 running · 2 waiting"),
                onUi(() -> job.summaryProperty().get()));
        onUi(() -> {
            job.cancel();
            return null;
        });
        Await.until(RelayFixture.WAIT, () -> onUi(() -> job.stateProperty().get() == DownloadItem.State.CANCELLED),
                "the job to stop");
        assertEquals("0 of 6 delivered · 6 cancelled", onUi(() -> job.summaryProperty().get()));
        assertEquals("Cancelled before it started.", onUi(() -> job.parts().get(5).messageProperty().get()));
        assertTrue(Files.size(Downloader.partFile(out.resolve("restaurant_1/sales.csv"))) > 0, "a part file to resume");
        assertFalse(Files.exists(out.resolve("restaurant_1/sales.csv")), "no whole-looking file after a cancel");

        onUi(() -> {
            job.retryFailed();
            return null;
        });
        Await.until(Duration.ofSeconds(40), () -> onUi(() -> job.stateProperty().get() == DownloadItem.State.DONE),
                "every agent delivered");
        assertEquals("6 of 6 delivered", onUi(() -> job.summaryProperty().get()));
        for (int i = 1; i <= 6; i++) {
            assertEquals(TestFiles.sha256(dir.resolve("agent" + i + "/sales.csv")),
                    TestFiles.sha256(out.resolve("restaurant_" + i + "/sales.csv")), "restaurant_" + i);
        }
    }
}
