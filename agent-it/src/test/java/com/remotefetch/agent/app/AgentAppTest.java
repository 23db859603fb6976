package com.remotefetch.agent.app;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.remotefetch.agent.config.AgentSettings;
import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.agent.tray.TrayUi;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.server.hub.AgentSession;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent program as staff run it: config file, live reload, and headless where no tray exists. */
@Timeout(90)
@ExtendWith(RelayExtension.class)
class AgentAppTest {
    private static final Duration RELOAD = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private RelayFixture relay;
    private ScheduledExecutorService timer;
    private Path config;

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        timer = Executors.newSingleThreadScheduledExecutor();
        config = dir.resolve("agent.properties");
        Files.writeString(dir.resolve("a.txt"), "alpha");
        Files.writeString(dir.resolve("b.txt"), "bravo");
    }

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
    }

    private void writeConfig(String clientId, String files) throws IOException {
        Files.writeString(config, (clientId == null ? "" : "client_id=" + clientId + "\n")
                + "server_url=" + relay.baseUrl() + "\nfiles=" + files + "\n");
    }

    private AgentApp start() {
        AgentSettings settings = new AgentSettings(config, Map.of(), dir);
        return new AgentApp(() -> settings.resolve(AgentSettings.Flags.none()), config, timer).start();
    }

    @Test
    void runsHeadlessWhereNoTrayExists() throws IOException {
        assumeTrue(System.getenv("DISPLAY") == null, "this check needs a machine without a display");
        writeConfig("restaurant_sf", dir.resolve("a.txt").toString());
        try (AgentApp app = start()) {
            Optional<TrayUi> tray = TrayUi.create(app, dir.resolve("agent.log"), () -> { }, timer);
            assertTrue(tray.isEmpty(), "no display, no tray");
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_sf").isPresent(), "listed headless");
        }
    }

    @Test
    void editingTheSharedFilesReannouncesThemWithoutReconnecting() throws IOException {
        writeConfig("restaurant_sf", dir.resolve("a.txt").toString());
        try (AgentApp app = start()) {
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_sf").isPresent(), "listed");
            AgentSession session = relay.server().hub().find("restaurant_sf").orElseThrow();
            writeConfig("restaurant_sf", dir.resolve("a.txt") + ";" + dir.resolve("b.txt"));
            Await.until(RELOAD, () -> session.files().stream().map(FileInfo::name).toList().contains("b.txt"),
                    "b.txt to be announced");
            assertEquals(session, relay.server().hub().find("restaurant_sf").orElseThrow(), "same connection");
        }
    }

    @Test
    void editingTheUploadCapAppliesWithoutReconnecting() throws IOException {
        writeConfig("restaurant_sf", dir.resolve("a.txt").toString());
        try (AgentApp app = start()) {
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_sf").isPresent(), "listed");
            AgentSession session = relay.server().hub().find("restaurant_sf").orElseThrow();
            assertEquals(0, app.uploadCap(), "no cap unless one is set");
            Files.writeString(config, Files.readString(config) + "max_upload_rate=20Mbit/s\n");
            Await.until(RELOAD, () -> app.uploadCap() == 2_500_000, "the new cap");
            assertEquals(session, relay.server().hub().find("restaurant_sf").orElseThrow(), "same connection");
        }
    }

    @Test
    void brokenConfigIsAStateAndFixingItReconnects() throws IOException {
        writeConfig("restaurant_sf", dir.resolve("a.txt").toString());
        try (AgentApp app = start()) {
            Await.until(RelayFixture.WAIT, () -> app.state().current().online(), "online");
            writeConfig(null, dir.resolve("a.txt").toString());
            Await.until(RELOAD, () -> app.state().current().status() == AgentState.Status.NOT_CONFIGURED,
                    "not configured");
            assertTrue(app.state().current().detail().startsWith("no client id"), app.state().current().detail());
            Await.until(RelayFixture.WAIT, () -> relay.server().hub().clientIds().isEmpty(), "unlisted");
            writeConfig("restaurant_ny", dir.resolve("a.txt").toString());
            Await.until(RELOAD, () -> relay.server().hub().find("restaurant_ny").isPresent(), "back as restaurant_ny");
        }
    }
}
