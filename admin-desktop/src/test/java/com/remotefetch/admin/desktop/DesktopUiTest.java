package com.remotefetch.admin.desktop;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.agents.AgentsViewModel;
import com.remotefetch.admin.secrets.MemoryKeychain;
import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.control.Label;
import javafx.application.Application;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Clicks through the real window (headless Monocle) against a real server and agent. */
@ExtendWith(ApplicationExtension.class)
@Timeout(120)
class DesktopUiTest {
    private final OkHttpClient http = new OkHttpClient();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private RelayFixture relay;
    private Path dir;
    private Path source;
    private Agent agent;
    private Preferences prefs;
    private final MemoryKeychain keychain = new MemoryKeychain();
    private final List<AgentsViewModel> agents = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("remotefetch-ui");
        source = TestFiles.random(dir, "sales.bin", 96L << 20, 3);
        relay = RelayFixture.start();
        agent = relay.agent("restaurant_sf", source);
        prefs = Preferences.userRoot().node("com/remotefetch/test/" + UUID.randomUUID());
        DesktopApp.show(stage, prefs, keychain, http, new Moshi.Builder().build(), background,
                new FixedPicker(dir), agents::add);
    }

    @AfterEach
    void tearDown() throws BackingStoreException, IOException {
        agents.forEach(AgentsViewModel::close);
        background.shutdownNow();
        relay.close();
        http.dispatcher().executorService().shutdown();
        prefs.removeNode();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    private void connect(FxRobot robot) {
        assertEquals("The token is remembered in the test keychain.",
                robot.lookup("#tokenStorage").queryAs(Label.class).getText());
        robot.interact(() -> robot.lookup("#serverUrl").queryAs(TextField.class).setText(relay.baseUrl()));
        robot.clickOn("#testConnection");
        Label message = robot.lookup("#connectMessage").queryAs(Label.class);
        waitFor("test connection", () -> message.getText().equals("Connected: 1 agent online."));
        robot.clickOn("#connect");
        waitFor("the agents table", () -> robot.lookup("#agents").tryQuery().isPresent()
                && robot.lookup("#agents").queryAs(TableView.class).getItems().size() == 1);
        // Rows reach the table's items one layout pulse before their cells are on screen.
        waitFor("the agent's row on screen", () -> robot.lookup("restaurant_sf").tryQuery().isPresent());
    }

    private void connectAndStartDownload(FxRobot robot) {
        connect(robot);
        robot.clickOn("restaurant_sf");
        waitFor("the files of the agent", () -> robot.lookup("#files").queryAs(TableView.class).getItems().size() == 1);
        robot.clickOn("sales.bin");
        robot.clickOn("#download");
    }

    @Test
    void connectSelectDownloadAndWatchTheBarReach100(FxRobot robot) throws IOException {
        connectAndStartDownload(robot);
        waitFor("the progress bar to reach 100%", () -> robot.lookup(".download-progress").tryQuery()
                .map(n -> ((ProgressBar) n).getProgress() >= 1.0).orElse(false));
        waitFor("done message", () -> robot.lookup(".download-message").queryAs(Label.class).getText()
                .equals("Done, SHA-256 verified"));
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(dir.resolve("saved-sales.bin")));
        assertTrue(prefs.get("serverUrl", "").equals(relay.baseUrl()), "the server is remembered");

        robot.clickOn("#history");
        waitFor("the History window", () -> robot.lookup("#historyStatus").tryQuery()
                .map(n -> ((Label) n).getText().equals("1 download")).orElse(false));
        TableView<?> history = robot.lookup("#historyTable").queryAs(TableView.class);
        assertEquals(1, history.getItems().size());
        // The row is in the items one layout pulse before its cells are on screen.
        waitFor("the file named in the History row", () -> robot.lookup("#historyTable").lookup("sales.bin").tryQuery()
                .isPresent());
    }

    @Test
    void agentKilledMidTransferShowsPlainWordsAndTheAppStaysUsable(FxRobot robot) {
        connectAndStartDownload(robot);
        waitFor("some progress", () -> robot.lookup(".download-progress").tryQuery()
                .map(n -> ((ProgressBar) n).getProgress() > 0).orElse(false));
        agent.close();
        waitFor("the plain-words error", () -> robot.lookup(".download-message").queryAs(Label.class).getText()
                .startsWith("The download from restaurant_sf broke off"));
        assertFalse(Files.exists(dir.resolve("saved-sales.bin")), "no complete-looking file");
        waitFor("the agent to show offline", () -> robot.lookup("offline").tryQuery().isPresent());
        robot.clickOn("#filter").write("zzz");
        waitFor("the filter to apply", () -> robot.lookup("#agents").queryAs(TableView.class).getItems().isEmpty());
    }

    @Test
    void changeServerGoesBackAndTheNextStartOpensTheRememberedServerWithoutAClick(FxRobot robot) {
        connect(robot);
        robot.clickOn("#changeServer");
        waitFor("the connect screen", () -> robot.lookup("#serverUrl").tryQuery().isPresent()
                && robot.lookup("#agents").tryQuery().isEmpty());
        assertEquals(relay.baseUrl(), robot.lookup("#serverUrl").queryAs(TextField.class).getText());

        // The next start, as the admin opens the app tomorrow: straight to the agents.
        Stage[] next = new Stage[1];
        robot.interact(() -> {
            next[0] = new Stage();
            DesktopApp.show(next[0], prefs, keychain, http, new Moshi.Builder().build(), background,
                    new FixedPicker(dir), agents::add);
        });
        waitFor("the main window without a click", () -> robot.lookup("#agents").tryQuery().isPresent()
                && robot.lookup("#agents").queryAs(TableView.class).getItems().size() == 1);
        robot.interact(() -> next[0].close());
    }

    @Test
    void darkStaysDarkAcrossChangeServerAndIsRemembered(FxRobot robot) {
        connect(robot);
        robot.clickOn("#dark");
        robot.clickOn("#changeServer");
        waitFor("the connect screen", () -> robot.lookup("#serverUrl").tryQuery().isPresent());
        robot.clickOn("#connect");
        waitFor("the main window again", () -> robot.lookup("#dark").tryQuery().isPresent());
        assertTrue(robot.lookup("#dark").queryAs(ToggleButton.class).isSelected(), "the toggle says what is shown");
        assertTrue(Application.getUserAgentStylesheet().contains("dark"), Application.getUserAgentStylesheet());
        assertTrue(prefs.getBoolean("theme.dark", false), "and the next start opens dark");
        robot.clickOn("#dark");
        assertFalse(prefs.getBoolean("theme.dark", true));
    }
}
