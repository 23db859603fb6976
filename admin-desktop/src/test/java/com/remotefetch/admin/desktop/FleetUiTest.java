package com.remotefetch.admin.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.agents.AgentsViewModel;
import com.remotefetch.admin.secrets.MemoryKeychain;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window with a fleet (headless Monocle): a real server that remembers 2,000 offline
 * agents, and four real agents; a collect job driven by clicks and keys.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(120)
class FleetUiTest {
    private static final int REMEMBERED = 2000;

    @TempDir
    Path dir;

    private final OkHttpClient http = new OkHttpClient();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final List<AgentsViewModel> agents = new CopyOnWriteArrayList<>();
    private RelayFixture relay;
    private Preferences prefs;

    @Start
    void start(Stage stage) throws IOException {
        Path data = Files.createDirectories(dir.resolve("server-data"));
        Files.writeString(data.resolve("known-agents.json"), remembered(), StandardCharsets.UTF_8);
        relay = RelayFixture.startWithData(data, 0);
        for (int i = 1; i <= 3; i++) {
            Path shared = Files.createDirectories(dir.resolve("agent" + i));
            TestFiles.random(shared, "sales.csv", 6L << 20, i); // 6 s at 1 MB/s: time to click Cancel
            relay.agent(relay.agentConfig("restaurant_" + i, List.of(), List.of(shared)).withMaxUpload(1_000_000));
        }
        Path fourth = Files.createDirectories(dir.resolve("agent4"));
        relay.agent(relay.agentConfig("restaurant_4", List.of(Files.writeString(fourth.resolve("menu.pdf"), "m")),
                List.of()));
        prefs = Preferences.userRoot().node("com/remotefetch/test/" + UUID.randomUUID());
        prefs.put("serverUrl", relay.baseUrl());
        DesktopApp.show(stage, prefs, new MemoryKeychain(), http, new Moshi.Builder().build(), background,
                new FixedPicker(dir), agents::add);
    }

    /** 2,000 agents last seen over the past days, as the server's data directory keeps them. */
    private static String remembered() {
        StringBuilder json = new StringBuilder("[");
        Instant now = Instant.now();
        for (int i = 1; i <= REMEMBERED; i++) {
            json.append(i > 1 ? "," : "").append(String.format("{\"id\":\"store_%04d\",\"labels\":{\"region\":\"%s\"},"
                    + "\"hostname\":\"till-%d\",\"agentVersion\":\"0.1.0\",\"lastSeen\":\"%s\",\"lastAddress\":\"10.0.0.1\"}",
                    i, i % 2 == 0 ? "west" : "east", i, now.minusSeconds(60L * i)));
        }
        return json.append("]").toString();
    }

    @AfterEach
    void tearDown() throws BackingStoreException {
        agents.forEach(AgentsViewModel::close);
        background.shutdownNow();
        relay.close();
        http.dispatcher().executorService().shutdown();
        prefs.removeNode();
    }

    private static void waitFor(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    private TableView<?> table(FxRobot robot) {
        return robot.lookup("#agents").queryAs(TableView.class);
    }

    private void openWithTheWholeFleet(FxRobot robot) {
        waitFor("the main window", 20, () -> robot.lookup("#agents").tryQuery().isPresent());
        waitFor("the remembered agents", 20, () -> table(robot).getItems().size() == REMEMBERED + 4);
        waitFor("the status line", 10, () -> robot.lookup("#status").queryAs(Label.class).getText()
                .equals("4 agents online, 2000 offline"));
    }

    @Test
    void twoThousandRowsFilterWithinAFewHundredMilliseconds(FxRobot robot) {
        openWithTheWholeFleet(robot);
        TextField filter = robot.lookup("#filter").queryAs(TextField.class);
        long[] took = new long[3];
        int[] rows = new int[3];
        String[] texts = {"store_19", "region=west", ""};
        for (int i = 0; i < texts.length; i++) {
            int at = i;
            robot.interact(() -> {
                long t0 = System.nanoTime();
                filter.setText(texts[at]);
                table(robot).layout(); // the rows on screen redrawn, not only the list filtered
                took[at] = (System.nanoTime() - t0) / 1_000_000;
                rows[at] = table(robot).getItems().size();
            });
        }
        System.out.printf("filtering %d agents: 'store_19' %d ms (%d rows), 'region=west' %d ms (%d rows), clear %d ms%n",
                REMEMBERED + 4, took[0], rows[0], took[1], rows[1], took[2]);
        assertEquals(100, rows[0], "store_1900 to store_1999");
        assertEquals(REMEMBERED / 2, rows[1]);
        assertEquals(REMEMBERED + 4, rows[2]);
        for (long ms : took) {
            assertTrue(ms < 1000, "the target is 200 ms on the 2-core build machine; asserted loosely: " + ms + " ms");
        }
        robot.interact(() -> filter.setText("store_0003"));
        waitFor("the row", 5, () -> robot.lookup(".agent-offline").tryQuery().isPresent());
        assertEquals("offline", robot.lookup(".agent-offline").queryAs(Labeled.class).getText());
        assertEquals("3 min ago", robot.lookup(".lastSeen").match(n -> n instanceof Labeled l
                && l.getText() != null && !l.getText().isEmpty()).queryAs(Labeled.class).getText());
    }

    @Test
    void collectFromSeveralAgentsShowsAgentRowsCancelsAndRetriesTheFailedOnes(FxRobot robot) throws IOException {
        openWithTheWholeFleet(robot);
        robot.clickOn("#agents");
        robot.press(KeyCode.SHORTCUT, KeyCode.F).release(KeyCode.F, KeyCode.SHORTCUT); // the filter, by keyboard
        robot.write("restaurant_");
        waitFor("the four agents", 5, () -> table(robot).getItems().size() == 4);
        robot.clickOn("restaurant_1");
        robot.press(KeyCode.SHORTCUT, KeyCode.A).release(KeyCode.A, KeyCode.SHORTCUT);
        waitFor("the button to count them", 5, () -> robot.lookup("#collect").queryAs(Button.class).getText()
                .equals("Collect file from 4 agents…"));
        robot.clickOn("#collect");
        waitFor("the dialog", 5, () -> robot.lookup("#collectFile").tryQuery().isPresent());
        assertEquals("sales.csv", robot.lookup("#collectFile").queryAs(ComboBox.class).getEditor()
                .getText(), "the file most of them share is offered");
        robot.clickOn("Choose folder…");

        waitFor("the job row", 5, () -> robot.lookup(".collect-summary").tryQuery().isPresent());
        Label summary = robot.lookup(".collect-summary").queryAs(Label.class);
        waitFor("three running and one failed", 10, () -> summary.getText()
                .equals("0 of 4 delivered · 3 running · 1 failed"));
        robot.clickOn(".collect-details");
        waitFor("a row per agent", 5, () -> robot.lookup(".collect-part").queryAll().size() == 4);
        assertTrue(robot.lookup(".part-message").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("restaurant_4 does not share that file.")), "restaurant_4 says why");
        robot.clickOn(".collect-cancel");
        waitFor("cancelled", 10, () -> summary.getText().equals("0 of 4 delivered · 1 failed · 3 cancelled"));

        robot.clickOn(".collect-retry");
        waitFor("the three files", 30, () -> summary.getText().equals("3 of 4 delivered · 1 failed"));
        for (int i = 1; i <= 3; i++) {
            assertEquals(TestFiles.sha256(dir.resolve("agent" + i + "/sales.csv")),
                    TestFiles.sha256(dir.resolve("collected/restaurant_" + i + "/sales.csv")), "restaurant_" + i);
        }
    }
}
