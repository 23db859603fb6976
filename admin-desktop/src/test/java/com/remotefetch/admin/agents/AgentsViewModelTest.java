package com.remotefetch.admin.agents;

import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agents table against a real server: fills, updates live, filters, shows files. No FX thread. */
@Timeout(60)
class AgentsViewModelTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private final OkHttpClient http = new OkHttpClient();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private AgentsViewModel vm;

    @BeforeEach
    void setUp() throws IOException {
        relay = RelayFixture.start();
        relay.agent("restaurant_sf", Files.writeString(dir.resolve("sales.csv"), "a,b"));
        vm = viewModel(relay.baseUrl(), Duration.ofSeconds(40));
        vm.start();
    }

    private AgentsViewModel viewModel(String url, Duration silence) {
        return new AgentsViewModel(new ApiClient(http, new Moshi.Builder().build(), url, null),
                change -> {
                    synchronized (this) {
                        change.run();
                    }
                }, retries, Duration.ofMillis(100), silence);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        relay.close();
        retries.shutdownNow();
        http.dispatcher().executorService().shutdown();
    }

    private synchronized String status() {
        return vm.statusProperty().get();
    }

    private synchronized boolean stale() {
        return vm.staleProperty().get();
    }

    @Test
    void aStoppedServerMarksTheListStaleAndTheListRecoversWhenItIsBack() throws IOException {
        Await.until(RelayFixture.WAIT, () -> !stale() && status().equals("1 agent online"), "the first list");
        int port = relay.server().port();
        relay.close();
        Await.until(RelayFixture.WAIT, () -> stale() && status().startsWith("Reconnecting in "),
                "the app to notice the server is gone");
        assertTrue(status().endsWith("The list may be out of date."), status());

        relay = RelayFixture.start(c -> c.withPort(port));
        relay.agent("restaurant_ny", Files.writeString(dir.resolve("menu.pdf"), "menu"));
        Await.until(RelayFixture.WAIT, () -> !stale() && status().equals("1 agent online, 1 offline"),
                "the list to come back without a restart");
        assertEquals(List.of("restaurant_sf:offline", "restaurant_ny:online"), rows());
    }

    @Test
    void aSilentStreamCountsAsADeadLink() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().readAllBytes(); // hold the link open and say nothing more
                } catch (IOException closed) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            vm.close();
            vm = viewModel("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(1));
            vm.start();
            Await.until(RelayFixture.WAIT, () -> status().contains("the server has been silent for 1 s"),
                    "silence to count as a lost link");
            assertTrue(stale());
        }
    }

    private synchronized List<String> rows() {
        return vm.visibleAgents().stream().map(a -> a.id() + ":" + a.onlineText()).toList();
    }

    @Test
    void tableFillsAndFollowsAgentsComingAndGoing() throws IOException {
        Await.until(RelayFixture.WAIT, () -> rows().equals(List.of("restaurant_sf:online")), "the first agent");
        Agent ny = relay.agent("restaurant_ny", Files.writeString(dir.resolve("menu.pdf"), "menu"));
        Await.until(RelayFixture.WAIT, () -> rows().equals(List.of("restaurant_sf:online", "restaurant_ny:online")),
                "the new agent to appear without a refresh");
        ny.close();
        Await.until(RelayFixture.WAIT, () -> rows().equals(List.of("restaurant_sf:online", "restaurant_ny:offline")),
                "the agent that left to show offline");
        Await.until(RelayFixture.WAIT, () -> status().equals("1 agent online, 1 offline"), "the status line");
        synchronized (this) {
            vm.shownProperty().set(AgentsViewModel.Shown.OFFLINE);
            assertEquals(List.of("restaurant_ny:offline"), rows());
            vm.shownProperty().set(AgentsViewModel.Shown.ONLINE);
            assertEquals(List.of("restaurant_sf:online"), rows());
        }
    }

    @Test
    void filterAndSelectionShowTheAgentsFiles() {
        Await.until(RelayFixture.WAIT, () -> rows().size() == 1, "the agent");
        synchronized (this) {
            vm.filterProperty().set("NY");
            assertEquals(List.of(), vm.visibleAgents());
            vm.filterProperty().set("sf");
            vm.selectedProperty().set(vm.visibleAgents().get(0));
            assertEquals(List.of("sales.csv 3 B"), vm.files().stream().map(f -> f.name() + " " + f.sizeText()).toList());
        }
    }

    @Test
    void theFilePaneSaysWhoseFilesItShowsAndEmptiesWhenTheFilterHidesThatAgent() {
        Await.until(RelayFixture.WAIT, () -> rows().size() == 1, "the agent");
        synchronized (this) {
            assertEquals("Select an agent to see its files", vm.filesTitleProperty().get());
            vm.selectedProperty().set(vm.visibleAgents().get(0));
            assertEquals("Files on restaurant_sf", vm.filesTitleProperty().get());
            vm.filterProperty().set("ny");
            assertEquals(null, vm.selectedProperty().get());
            assertEquals(List.of(), vm.files());
            assertEquals("Select an agent to see its files", vm.filesTitleProperty().get());
        }
    }

    @Test
    void labelsAreShownAndFilterable() throws IOException {
        relay.agent(relay.agentConfig("pizza_west_1", List.of(Files.writeString(dir.resolve("w.txt"), "w")), List.of())
                .withLabels(Map.of("region", "west", "brand", "pizza")));
        Await.until(RelayFixture.WAIT, () -> rows().size() == 2, "both agents");
        synchronized (this) {
            vm.filterProperty().set("region=west");
            assertEquals(List.of("pizza_west_1"), vm.visibleAgents().stream().map(AgentsViewModel.AgentRow::id).toList());
            assertEquals("brand=pizza, region=west", vm.visibleAgents().get(0).labelsText());
        }
    }

    @Test
    void aFreshWindowListsTheAgentsTheServerKnowsAsOfflineWithWhenTheyWereLastSeen() throws IOException {
        Agent ny = relay.agent(relay.agentConfig("restaurant_ny", List.of(Files.writeString(dir.resolve("m.pdf"), "m")),
                List.of()).withLabels(Map.of("region", "east")));
        Await.until(RelayFixture.WAIT, () -> rows().size() == 2, "both agents");
        Instant before = Instant.now();
        ny.close();
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_ny").isEmpty(), "ny to leave");
        vm.close();
        vm = viewModel(relay.baseUrl(), Duration.ofSeconds(40)); // as if the app had just started
        vm.start();
        Await.until(RelayFixture.WAIT, () -> rows().equals(List.of("restaurant_ny:offline", "restaurant_sf:online")),
                "the known agent, offline");
        synchronized (this) {
            AgentsViewModel.AgentRow row = vm.visibleAgents().get(0);
            Instant seen = row.seen(Instant.now());
            assertTrue(!seen.isBefore(before.minusSeconds(1)) && !seen.isAfter(Instant.now()), "last seen " + seen);
            assertEquals("region=east", row.labelsText(), "what the server remembers of it");
            assertEquals(null, row.since(), "not connected");
            assertEquals("1 agent online, 1 offline", status());
        }
    }

    @Test
    void collectTakesTheChosenRowsOrElseEveryVisibleOneAndOffersTheMostSharedFileFirst() throws IOException {
        relay.agent(relay.agentConfig("restaurant_ny", List.of(Files.writeString(dir.resolve("menu.pdf"), "menu"),
                Files.writeString(dir.resolve("sales-ny.csv"), "s")), List.of()));
        Path la = Files.createDirectories(dir.resolve("la"));
        relay.agent(relay.agentConfig("restaurant_la", List.of(Files.writeString(la.resolve("menu.pdf"), "m")), List.of()));
        Await.until(RelayFixture.WAIT, () -> rows().size() == 3, "three agents");
        synchronized (this) {
            assertEquals(3, vm.collectTargets().size(), "nothing chosen: every visible agent");
            assertEquals("Collect file from 3 agents…", vm.collectTextBinding().get());
            vm.filterProperty().set("ny");
            assertEquals(List.of("restaurant_ny"), vm.collectTargets().stream().map(AgentsViewModel.AgentRow::id).toList());
            assertEquals("Collect file from 1 agent…", vm.collectTextBinding().get());
            vm.filterProperty().set("");
            vm.chosen().setAll(vm.visibleAgents().stream().filter(a -> !a.id().equals("restaurant_sf")).toList());
            assertEquals("Collect file from 2 agents…", vm.collectTextBinding().get());
            assertEquals(List.of("menu.pdf", "sales-ny.csv"), AgentsViewModel.sharedFileNames(vm.collectTargets()),
                    "shared by both first");
            assertEquals(List.of("menu.pdf", "sales-ny.csv", "sales.csv"), AgentsViewModel.sharedFileNames(
                    List.copyOf(vm.visibleAgents())));
        }
    }
}
