package com.remotefetch.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RedisServer;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TcpProxy;
import com.remotefetch.server.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server instances sharing a real Redis, behind a round-robin TCP proxy as a load balancer:
 * every instance lists every agent and serves every agent's files, whichever instance holds it.
 */
@Timeout(120)
class ClusterTest {
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration REFRESH = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private RedisServer redis;
    private final List<RelayFixture> instances = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private TcpProxy balancer;

    @BeforeEach
    void setUp() throws IOException {
        redis = RedisServer.start();
        for (int i = 0; i < 3; i++) {
            // 256 KiB upload segments: a 3 MB file goes in 12, on two connections the balancer sends
            // to different instances, so pipelined segments are forwarded between instances.
            instances.add(RelayFixture.startClustered(ClusterConfig.of(redis.url(), null, "cluster-secret-for-tests",
                    "instance-" + i).withTimings(TTL, REFRESH), SecurityConfig.open(), c -> c.withSegmentBytes(256 << 10)));
        }
        balancer = TcpProxy.roundRobin(instances.stream().map(r -> r.server().port()).toList());
    }

    @AfterEach
    void tearDown() throws IOException {
        agents.forEach(Agent::close);
        balancer.close();
        instances.forEach(RelayFixture::close);
        redis.close();
        http.dispatcher().executorService().shutdown();
    }

    private Agent agent(String id, Path file) {
        AgentConfig config = AgentConfig.of(id, balancer.baseUrl(), List.of(file), List.of())
                .withTimings(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100));
        Agent agent = new Agent(config, Agent.httpClient()).start();
        agents.add(agent);
        Await.until(RelayFixture.WAIT, () -> agent.state().current().online(), id + " online");
        return agent;
    }

    /** Status and body, or the failure in words (for bounded polls, which take no checked exceptions). */
    private String get(RelayFixture instance, String path) {
        try (Response r = http.newCall(new Request.Builder().url(instance.baseUrl() + path).build()).execute()) {
            return r.code() + " " + r.body().string();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    private String sha256(RelayFixture instance, String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(instance.baseUrl() + path).build()).execute();
             InputStream body = r.body().byteStream()) {
            assertEquals(200, r.code(), path + " from " + instance.baseUrl());
            String sha = TestFiles.sha256(body);
            assertEquals(sha, r.trailers().get("X-Content-SHA256"), "the checksum trailer survives the hop");
            return sha;
        }
    }

    private int holderOf(String id) {
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).server().hub().find(id).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyInstanceListsEveryAgentAndServesItsFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = TestFiles.random(dir.resolve("agent" + i), "export.bin", 3_000_000 + i, 30 + i);
            files.add(file);
            agent("restaurant_" + i, file);
        }
        assertEquals(3, List.of(holderOf("restaurant_0"), holderOf("restaurant_1"), holderOf("restaurant_2"))
                .stream().distinct().count(), "the balancer spread the agents over the instances");
        for (RelayFixture instance : instances) {
            Await.until(RelayFixture.WAIT, () -> get(instance, "/api/clients")
                    .equals("200 {\"count\":3,\"clients\":[\"restaurant_0\",\"restaurant_1\",\"restaurant_2\"]}"),
                    "every agent listed by " + instance.baseUrl());
        }
        for (RelayFixture instance : instances) {
            for (int i = 0; i < 3; i++) {
                assertEquals(TestFiles.sha256(files.get(i)), sha256(instance, "/api/download/restaurant_" + i + "/export.bin"));
            }
        }
        String health = get(instances.get(0), "/health");
        assertTrue(health.contains("\"instance\":\"instance-0\"") && health.contains("\"redis\":\"up\""), health);
    }

    @Test
    void aRangeAndAnUnknownAgentAnswerTheSameThroughAHop() throws IOException {
        Path file = TestFiles.random(dir, "export.bin", 1_000_000, 7);
        agent("restaurant_sf", file);
        RelayFixture other = instances.get((holderOf("restaurant_sf") + 1) % 3);
        Await.until(RelayFixture.WAIT, () -> get(other, "/api/clients").contains("restaurant_sf"), "listed");
        try (Response r = http.newCall(new Request.Builder().url(other.baseUrl() + "/api/download/restaurant_sf/export.bin")
                .header("Range", "bytes=999000-").build()).execute()) {
            assertEquals(206, r.code());
            assertEquals("bytes 999000-999999/1000000", r.header("Content-Range"));
            assertEquals(1000, r.body().bytes().length);
        }
        assertTrue(get(other, "/api/download/nobody").startsWith("404 "), "an agent nowhere is 404 everywhere");
    }

    @Test
    void anAgentThatReconnectsToAnotherInstanceStaysListedWhenItsOldConnectionDiesLater() throws IOException {
        RelayFixture first = instances.get(0);
        RelayFixture second = instances.get(1);
        RawAgent old = new RawAgent(http, first.baseUrl());
        old.hello("restaurant_sf");
        try (RawAgent fresh = new RawAgent(http, second.baseUrl())) {
            fresh.hello("restaurant_sf");
            Await.until(RelayFixture.WAIT, () -> first.server().hub().find("restaurant_sf").isEmpty(),
                    "the first instance to close the older connection");
            old.close();
            for (RelayFixture instance : instances) {
                Await.until(RelayFixture.WAIT, () -> get(instance, "/api/clients").contains("\"restaurant_sf\""),
                        "the agent listed by " + instance.baseUrl());
            }
            assertTrue(second.server().hub().find("restaurant_sf").isPresent());
        }
    }

    @Test
    void whenAnInstanceDiesItsAgentsComeBackThroughTheOthersAndARunningDownloadFailsNeverShort() throws Exception {
        Path big = TestFiles.random(dir, "big.bin", 8_000_000, 9);
        AgentConfig capped = AgentConfig.of("restaurant_sf", balancer.baseUrl(), List.of(big), List.of())
                .withTimings(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100))
                .withMaxUpload(1_000_000);
        Agent agent = new Agent(capped, Agent.httpClient()).start();
        agents.add(agent);
        Await.until(RelayFixture.WAIT, () -> agent.state().current().online(), "online");
        int holder = holderOf("restaurant_sf");
        RelayFixture other = instances.get((holder + 1) % 3);
        Await.until(RelayFixture.WAIT, () -> get(other, "/api/clients").contains("restaurant_sf"), "listed");
        try (Response running = http.newCall(new Request.Builder()
                .url(other.baseUrl() + "/api/download/restaurant_sf/big.bin").build()).execute()) {
            assertEquals(200, running.code());
            instances.get(holder).close();
            assertThrows(IOException.class, () -> running.body().bytes(), "cut off, never a short success");
        }
        Await.until(Duration.ofSeconds(35), () -> holderOf("restaurant_sf") >= 0 && holderOf("restaurant_sf") != holder,
                "the agent to reconnect to another instance");
        assertEquals(TestFiles.sha256(big), sha256(other, "/api/download/restaurant_sf/big.bin"));
    }

    @Test
    void listingsRecoverAfterRedisComesBackAndLocalAgentsAreServedMeanwhile() throws IOException {
        Path file = TestFiles.random(dir, "export.bin", 100_000, 5);
        agent("restaurant_sf", file);
        int holder = holderOf("restaurant_sf");
        RelayFixture home = instances.get(holder);
        RelayFixture other = instances.get((holder + 1) % 3);
        Await.until(RelayFixture.WAIT, () -> get(other, "/api/clients").contains("restaurant_sf"), "listed");

        redis.stop();
        Await.until(RelayFixture.WAIT, () -> get(home, "/health").contains("\"redis\":\"down\""), "health to say so");
        assertEquals(TestFiles.sha256(file), sha256(home, "/api/download/restaurant_sf/export.bin"),
                "the instance holding the agent still serves it");
        assertTrue(get(home, "/api/clients").contains("restaurant_sf"));

        redis.restart(); // empty: everything in it was lost
        Await.until(RelayFixture.WAIT, () -> get(other, "/api/clients").contains("restaurant_sf"),
                "the registry rebuilt within a refresh period");
        assertTrue(get(home, "/health").contains("\"redis\":\"up\""));
        assertEquals(TestFiles.sha256(file), sha256(other, "/api/download/restaurant_sf/export.bin"));
    }

    @Test
    void anAgentThatLeftIsListedOfflineByEveryInstanceAndForgottenByAllAtOnce() throws IOException {
        Agent gone = agent("restaurant_closed", TestFiles.random(dir.resolve("closed"), "export.bin", 1000, 41));
        int holder = holderOf("restaurant_closed");
        gone.close();
        for (RelayFixture instance : instances) {
            Await.until(RelayFixture.WAIT, () -> get(instance, "/api/agents?status=offline")
                    .matches("200 \\{\"count\":1,\"agents\":\\[\\{\"id\":\"restaurant_closed\".*\"online\":false,"
                            + "\"lastSeen\":\"20.*"), "restaurant_closed listed offline by " + instance.baseUrl());
        }
        RelayFixture other = instances.get((holder + 1) % instances.size());
        try (Response r = http.newCall(new Request.Builder().url(other.baseUrl() + "/api/agents/restaurant_closed")
                .delete().build()).execute()) {
            assertEquals(204, r.code(), "forgotten through an instance that never held it");
        }
        for (RelayFixture instance : instances) {
            assertEquals("200 {\"count\":0,\"agents\":[]}", get(instance, "/api/agents?status=offline"),
                    "forgotten on " + instance.baseUrl());
        }
    }

    @Test
    void everyInstanceShowsTheSameHistoryWithAHopRecordedOnce() throws IOException {
        Path file = TestFiles.random(dir.resolve("history"), "export.bin", 200_000, 51);
        agent("restaurant_hist", file);
        int holder = holderOf("restaurant_hist");
        RelayFixture other = instances.get((holder + 1) % instances.size());
        assertEquals(TestFiles.sha256(file), sha256(other, "/api/download/restaurant_hist/export.bin"), "through a hop");
        for (RelayFixture instance : instances) {
            Await.until(RelayFixture.WAIT, () -> get(instance, "/api/transfers?agent=restaurant_hist")
                    .matches("200 \\{\"count\":1,\"transfers\":\\[\\{.*\"agent\":\"restaurant_hist\".*\"result\":\"ok\".*"),
                    "one record of the download on " + instance.baseUrl());
        }
    }
}
