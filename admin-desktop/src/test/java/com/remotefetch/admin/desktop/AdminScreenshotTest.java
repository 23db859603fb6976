package com.remotefetch.admin.desktop;

import com.remotefetch.admin.agents.AgentsViewModel;
import com.remotefetch.admin.secrets.MemoryKeychain;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Not a check: drives the real window over a labelled fleet with offline agents to the middle of a
 * download, then of a collect job, and saves pictures of both to {@code -Dremotefetch.screenshot=PATH}
 * and {@code admin-collect.png} beside it. Run by scripts/screenshot-admin.sh (under Xvfb).
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "remotefetch.screenshot", matches = ".+")
class AdminScreenshotTest {
    private final OkHttpClient http = new OkHttpClient();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private RelayFixture relay;
    private Path dir;
    private Stage stage;
    private AgentsViewModel agents;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        dir = Files.createTempDirectory("remotefetch-shot");
        Path data = Files.createDirectories(dir.resolve("server-data"));
        Instant now = Instant.now();
        Files.writeString(data.resolve("known-agents.json"), "["
                + known("restaurant_bos", "east", now.minusSeconds(2 * 86_400 + 4000)) + ","
                + known("restaurant_chi", "central", now.minusSeconds(3 * 3600 + 300)) + ","
                + known("restaurant_sea", "west", now.minusSeconds(26 * 3600)) + "]");
        relay = RelayFixture.startWithData(data, 0);
        agent("restaurant_sf", "west", 400L << 20, 60_000_000, "menu.pdf");
        agent("restaurant_ny", "east", 300L << 20, 20_000_000, "inventory.xlsx");
        agent("restaurant_la", "west", 300L << 20, 25_000_000, "payroll.csv");
        agent("restaurant_sd", "west", 300L << 20, 18_000_000, "menu.pdf");
        Path pdx = Files.createDirectories(dir.resolve("restaurant_pdx"));
        relay.agent(relay.agentConfig("restaurant_pdx", List.of(Files.writeString(pdx.resolve("payroll.csv"), "p")), List.of())
                .withLabels(Map.of("region", "west", "brand", "burger")));
        Preferences prefs = Preferences.userRoot().node("com/remotefetch/shot/" + UUID.randomUUID());
        DesktopApp.show(stage, prefs, new MemoryKeychain(), http, new Moshi.Builder().build(), background,
                new FixedPicker(dir), vm -> agents = vm);
    }

    private void agent(String id, String region, long size, long maxUpload, String other) throws IOException {
        Path shared = Files.createDirectories(dir.resolve(id));
        TestFiles.random(shared, "sales-2026-11.csv", size, id.hashCode());
        Files.writeString(shared.resolve(other), "x");
        relay.agent(relay.agentConfig(id, List.of(), List.of(shared)).withMaxUpload(maxUpload)
                .withLabels(Map.of("region", region, "brand", "pizza")));
    }

    private static String known(String id, String region, Instant lastSeen) {
        return "{\"id\":\"" + id + "\",\"labels\":{\"region\":\"" + region + "\",\"brand\":\"pizza\"},"
                + "\"hostname\":\"till-" + id.substring(11) + "\",\"agentVersion\":\"0.1.0\",\"lastSeen\":\""
                + lastSeen + "\",\"lastAddress\":\"10.0.0.7\"}";
    }

    @Test
    void fleetMidDownloadAndACollectJob(FxRobot robot) throws Exception {
        Path out = Path.of(System.getProperty("remotefetch.screenshot"));
        robot.interact(() -> robot.lookup("#serverUrl").queryAs(TextField.class).setText(relay.baseUrl()));
        robot.clickOn("#connect");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("restaurant_bos").tryQuery().isPresent());
        robot.clickOn("restaurant_sf");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("sales-2026-11.csv").tryQuery().isPresent());
        robot.clickOn("sales-2026-11.csv");
        robot.clickOn("#download");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".download-progress").tryQuery()
                .map(n -> ((ProgressBar) n).getProgress() > 0.4).orElse(false));
        write(robot.capture(stage.getScene().getRoot()).getImage(), out);

        // A collect job: every west restaurant, one of them offline and one without the file.
        robot.clickOn("#filter").write("region=west");
        robot.interact(() -> robot.lookup("#agents").queryAs(TableView.class).getSelectionModel().clearSelection());
        robot.clickOn("#collect");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#collectFile").tryQuery().isPresent());
        Image dialog = robot.capture(robot.lookup("#collectFile").query().getScene().getRoot()).getImage();
        robot.clickOn("Choose folder…");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".collect-details").tryQuery().isPresent());
        robot.clickOn(".collect-details");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".collect-progress").tryQuery()
                .map(n -> ((ProgressBar) n).getProgress() > 0.3).orElse(false));
        Image collect = robot.capture(stage.getScene().getRoot()).getImage();
        robot.clickOn("#history");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#historyTable").tryQuery()
                .map(n -> !((TableView<?>) n).getItems().isEmpty()).orElse(false));
        Image history = robot.capture(robot.lookup("#historyTable").query().getScene().getRoot()).getImage();
        agents.close();
        background.shutdownNow();
        relay.close();
        write(collect, out.resolveSibling("admin-collect.png"));
        // Looked at, not in the README: the collect dialog and the History window.
        Path more = Path.of(System.getProperty("java.io.tmpdir"));
        write(dialog, more.resolve("admin-collect-dialog.png"));
        write(history, more.resolve("admin-history.png"));
    }

    private static void write(Image image, Path out) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(img, "png", out.toFile());
    }
}
