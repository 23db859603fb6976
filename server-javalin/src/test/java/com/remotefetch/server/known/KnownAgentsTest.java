package com.remotefetch.server.known;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A restaurant that went offline is listed as offline with its last-seen time, also after a restart. */
@Timeout(60)
class KnownAgentsTest {
    @TempDir
    Path dir;

    private final OkHttpClient http = new OkHttpClient();

    private String call(RelayFixture relay, String method, String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(relay.baseUrl() + path).method(method, null).build())
                .execute()) {
            return r.code() + " " + r.body().string();
        }
    }

    @Test
    void offlineAgentsStayListedAcrossARestartUntilForgotten() throws IOException {
        Path data = dir.resolve("data");
        int port;
        try (RelayFixture relay = RelayFixture.startWithData(data, 0)) {
            port = relay.server().port();
            Agent agent = relay.agent(relay.agentConfig("restaurant_sf", List.of(Files.writeString(dir.resolve("a.txt"), "a")),
                    List.of()).withLabels(Map.of("region", "west")));
            relay.agent("restaurant_ny", Files.writeString(dir.resolve("b.txt"), "b"));
            agent.close();
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_sf").isEmpty(), "it to leave");
            String all = call(relay, "GET", "/api/agents?status=all");
            assertTrue(all.contains("\"id\":\"restaurant_sf\"") && all.contains("\"online\":false")
                    && all.contains("\"lastSeen\":\"") && all.contains("\"region\":\"west\""), all);
            assertFalse(call(relay, "GET", "/api/agents").contains("restaurant_sf"), "the default lists connected ones");
            assertEquals("200 {\"count\":1,\"clients\":[\"restaurant_ny\"]}", call(relay, "GET", "/api/clients"),
                    "/api/clients keeps its meaning");
        }
        try (RelayFixture restarted = RelayFixture.startWithData(data, port)) {
            String offline = call(restarted, "GET", "/api/agents?status=offline");
            assertTrue(offline.contains("\"id\":\"restaurant_sf\"") && offline.contains("\"id\":\"restaurant_ny\""),
                    "remembered across the restart: " + offline);
            assertTrue(call(restarted, "DELETE", "/api/agents/restaurant_sf").startsWith("204"));
            assertTrue(call(restarted, "DELETE", "/api/agents/restaurant_sf").startsWith("404"));
            assertFalse(call(restarted, "GET", "/api/agents?status=all").contains("restaurant_sf"));
            restarted.agent("restaurant_la", Files.writeString(dir.resolve("c.txt"), "c"));
            assertTrue(call(restarted, "DELETE", "/api/agents/restaurant_la").startsWith("409"), "not while connected");
        }
        http.dispatcher().executorService().shutdown();
    }

    @Test
    void aStormOfAgentsIsWrittenAFewTimesNotOncePerAgent() throws IOException {
        Path data = dir.resolve("storm");
        List<Agent> agents = new ArrayList<>();
        try (RelayFixture relay = RelayFixture.startWithData(data, 0)) {
            Path file = Files.writeString(dir.resolve("s.txt"), "s");
            for (int i = 0; i < 40; i++) {
                agents.add(relay.agent("storm_" + i, file));
            }
            agents.forEach(Agent::close);
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().size() == 0, "all 40 to leave");
            relay.server().known().flush();
            int writes = relay.server().known().writes();
            assertTrue(writes >= 1 && writes < 20, "80 joins and leaves written " + writes + " times");
        }
        String saved = Files.readString(data.resolve("known-agents.json"));
        for (int i = 0; i < 40; i++) {
            assertTrue(saved.contains("\"id\":\"storm_" + i + "\""), "storm_" + i + " is remembered");
        }
        http.dispatcher().executorService().shutdown();
    }
}
