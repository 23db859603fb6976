package com.remotefetch.admin.desktop;

import java.io.File;
import com.remotefetch.admin.connect.ConnectView;
import com.remotefetch.admin.agents.AgentsViewModel;
import com.remotefetch.admin.connect.ConnectViewModel;
import com.remotefetch.admin.downloads.DownloadsViewModel;
import com.remotefetch.admin.secrets.OsKeychain;
import com.remotefetch.admin.secrets.TokenStore;
import com.squareup.moshi.Moshi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;

/**
 * The desktop app's composition: one OkHttp client, one Moshi, one background pool, the FX
 * dispatcher; the connect screen first, then the main window.
 */
public final class DesktopApp extends Application {
    private final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60)).build();
    private final Moshi moshi = new Moshi.Builder().build();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "admin-background");
        t.setDaemon(true);
        return t;
    });
    private final TokenStore tokens = OsKeychain.open();
    private AgentsViewModel agents;

    @Override
    public void start(Stage stage) {
        show(stage, Preferences.userRoot().node("com/remotefetch/admin"), tokens, http, moshi, background,
                new SaveLocationPicker() {
                    @Override
                    public Optional<Path> pick(String name) {
                        return choose(stage, name);
                    }

                    @Override
                    public Optional<Path> pickFolder(String title) {
                        DirectoryChooser chooser = new DirectoryChooser();
                        chooser.setTitle(title);
                        chooser.setInitialDirectory(DownloadsViewModel.defaultFolder().toFile());
                        File dir = chooser.showDialog(stage);
                        return dir == null ? Optional.empty() : Optional.of(dir.toPath());
                    }
                }, vm -> agents = vm);
    }

    /**
     * Shows the connect screen on {@code stage}, then the main window; an admin who connected
     * before goes straight on when the remembered server answers. Reused by the UI tests with their
     * own preferences node, token store and save-location picker.
     */
    public static void show(Stage stage, Preferences prefs, TokenStore tokens, OkHttpClient http, Moshi moshi,
                            ExecutorService background, SaveLocationPicker picker, Consumer<AgentsViewModel> onMain) {
        Theme theme = new Theme(prefs);
        theme.apply(theme.dark());
        Screens screens = new Screens(stage, http, moshi, background, picker, theme, onMain);
        ConnectViewModel connect = new ConnectViewModel(prefs, tokens, screens::client, background, Platform::runLater);
        screens.connectScreen(new Scene(new ConnectView(connect, screens::openMain).root(), 560, 300));
        screens.showConnect();
        stage.show();
        if (connect.remembered()) {
            connect.reconnect(screens::openMain);
        }
    }

    private static Optional<Path> choose(Stage stage, String name) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save " + name);
        chooser.setInitialDirectory(DownloadsViewModel.defaultFolder().toFile());
        chooser.setInitialFileName(name);
        File f = chooser.showSaveDialog(stage);
        return f == null ? Optional.empty() : Optional.of(f.toPath());
    }

    @Override
    public void stop() {
        if (agents != null) {
            agents.close();
        }
        background.shutdownNow();
        http.dispatcher().executorService().shutdown();
        if (tokens instanceof AutoCloseable keychain) {
            try {
                keychain.close();
            } catch (Exception e) {
                // leaving anyway; the keychain connection dies with the process
            }
        }
    }
}
