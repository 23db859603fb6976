package com.remotefetch.admin.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.agent.Agent;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.squareup.moshi.Moshi;
import java.io.IOException;
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
    private AgentsViewModel vm;

    @BeforeEach
    void setUp() throws IOException {
        relay = RelayFixture.start();
        relay.agent("restaurant_sf", Files.writeString(dir.resolve("sales.csv"), "a,b"));
        vm = new AgentsViewModel(new ApiClient(http, new Moshi.Builder().build(), relay.baseUrl(), null),
                change -> {
                    synchronized (this) {
                        change.run();
                    }
                });
        vm.start();
    }

    @AfterEach
    void tearDown() {
        vm.close();
        relay.close();
        http.dispatcher().executorService().shutdown();
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
        Await.until(RelayFixture.WAIT, () -> vm.statusProperty().get().equals("1 agent online"), "the status line");
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
}
