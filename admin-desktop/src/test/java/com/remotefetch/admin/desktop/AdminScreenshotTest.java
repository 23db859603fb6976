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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.ProgressBar;
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
 * Not a check: drives the real window to the middle of a download and saves a picture of it to
 * {@code -Dremotefetch.screenshot=PATH}. Run by scripts/screenshot-admin.sh (under Xvfb).
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
        relay = RelayFixture.start();
        relay.agent("restaurant_sf", TestFiles.random(dir, "sales-2026-11.csv", 1L << 30, 1),
                Files.writeString(dir.resolve("menu.pdf"), "menu"));
        relay.agent("restaurant_ny", Files.writeString(dir.resolve("inventory.xlsx"), "inv"));
        relay.agent("restaurant_la", Files.writeString(dir.resolve("payroll.csv"), "pay"));
        Preferences prefs = Preferences.userRoot().node("com/remotefetch/shot/" + UUID.randomUUID());
        DesktopApp.show(stage, prefs, new MemoryKeychain(), http, new Moshi.Builder().build(), background,
                new FixedPicker(dir), vm -> agents = vm);
    }

    @Test
    void midDownload(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#serverUrl").queryAs(TextField.class).setText(relay.baseUrl()));
        robot.clickOn("#connect");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("restaurant_sf").tryQuery().isPresent());
        robot.clickOn("restaurant_sf");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("sales-2026-11.csv").tryQuery().isPresent());
        robot.clickOn("sales-2026-11.csv");
        robot.clickOn("#download");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".download-progress").tryQuery()
                .map(n -> ((ProgressBar) n).getProgress() > 0.4).orElse(false));
        Image shot = robot.capture(stage.getScene().getRoot()).getImage();
        agents.close();
        background.shutdownNow();
        relay.close();
        write(shot, Path.of(System.getProperty("remotefetch.screenshot")));
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
