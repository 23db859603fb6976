package com.remotefetch.admin.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.squareup.moshi.Moshi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The History window's logic against a real server's audit of real downloads. No FX thread. */
@Timeout(60)
class HistoryViewModelTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final OkHttpClient http = new OkHttpClient();
    private ApiClient api;
    private HistoryViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        relay = RelayFixture.start();
        relay.agent("restaurant_sf", Files.writeString(dir.resolve("sales.csv"), "a,b"));
        relay.agent("restaurant_ny", Files.writeString(Files.createDirectories(dir.resolve("ny")).resolve("menu.pdf"), "m"));
        api = new ApiClient(http, new Moshi.Builder().build(), relay.baseUrl(), null);
        Downloader downloader = new Downloader(api);
        downloader.task("restaurant_sf", "sales.csv", dir.resolve("one.csv"), false).run((done, total) -> { });
        downloader.task("restaurant_ny", "menu.pdf", dir.resolve("menu.pdf"), false).run((done, total) -> { });
        try {
            downloader.task("restaurant_sf", "nope.csv", dir.resolve("two.csv"), false).run((done, total) -> { });
        } catch (Exception expected) {
            // a 404, recorded as such
        }
        vm = new HistoryViewModel(api, Runnable::run, change -> {
            synchronized (this) {
                change.run();
            }
        });
    }

    @AfterEach
    void tearDown() {
        relay.close();
        http.dispatcher().executorService().shutdown();
    }

    private synchronized List<String> rows() {
        return vm.rows().stream().map(r -> r.agent() + " " + r.file() + " " + r.result() + " " + r.bytesText()).toList();
    }

    @Test
    void showsWhatTheServerRecordedNewestFirstAndFilters() {
        vm.load();
        Await.until(RelayFixture.WAIT, () -> rows().size() == 3, "three records");
        assertEquals(List.of("restaurant_sf nope.csv file_not_found 0 B", "restaurant_ny menu.pdf ok 1 B",
                "restaurant_sf sales.csv ok 3 B"), rows());
        assertEquals("3 downloads", vm.statusProperty().get());

        vm.agentProperty().set(" restaurant_sf ");
        vm.failedOnlyProperty().set(true);
        vm.load();
        Await.until(RelayFixture.WAIT, () -> rows().size() == 1, "the failed one of sf");
        assertEquals(List.of("restaurant_sf nope.csv file_not_found 0 B"), rows());
        assertEquals("1 download", vm.statusProperty().get());

        vm.agentProperty().set("");
        vm.failedOnlyProperty().set(false);
        vm.periodProperty().set(HistoryViewModel.Period.LAST_HOUR);
        vm.load();
        Await.until(RelayFixture.WAIT, () -> rows().size() == 3, "all three, made in the last hour");
        vm = new HistoryViewModel(api, Runnable::run, Runnable::run, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        vm.periodProperty().set(HistoryViewModel.Period.LAST_HOUR);
        vm.load();
        assertEquals(List.of(), rows(), "two hours on, none in the last hour");

        vm.periodProperty().set(HistoryViewModel.Period.ANY_TIME);
        vm.agentProperty().set("restaurant_la");
        vm.failedOnlyProperty().set(false);
        vm.load();
        assertEquals(List.of(), rows());
        assertEquals("No downloads match.", vm.statusProperty().get());
    }

    @Test
    void aServerThatIsGoneIsSaidInPlainWords() {
        relay.close();
        vm.load();
        assertTrue(vm.statusProperty().get().equals("Cannot reach the server."), vm.statusProperty().get());
    }
}
