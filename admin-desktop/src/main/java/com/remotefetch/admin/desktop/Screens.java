package com.remotefetch.admin.desktop;

import com.remotefetch.admin.agents.AgentsViewModel;
import com.remotefetch.admin.api.AgentFeed;
import com.remotefetch.admin.history.HistoryView;
import com.remotefetch.admin.history.HistoryViewModel;
import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.admin.connect.ConnectionSettings;
import com.remotefetch.admin.downloads.DownloadsViewModel;
import com.squareup.moshi.Moshi;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;

/** Moves one stage between the connect screen and a main window per server. FX thread only. */
final class Screens {
    private final Stage stage;
    private final OkHttpClient http;
    private final Moshi moshi;
    private final ExecutorService background;
    private final SaveLocationPicker picker;
    private final Consumer<AgentsViewModel> onMain;
    private final Theme theme;
    /** Resubscribes the live agent list after the server or the link went away. A daemon thread. */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "admin-live-retry");
        t.setDaemon(true);
        return t;
    });
    private Scene connectScene;
    private Stage history;

    Screens(Stage stage, OkHttpClient http, Moshi moshi, ExecutorService background, SaveLocationPicker picker,
            Theme theme, Consumer<AgentsViewModel> onMain) {
        this.theme = theme;
        this.stage = stage;
        this.http = http;
        this.moshi = moshi;
        this.background = background;
        this.picker = picker;
        this.onMain = onMain;
    }

    /** The connect screen, built once and shown again when the admin changes server. */
    void connectScreen(Scene scene) {
        this.connectScene = scene;
    }

    void showConnect() {
        stage.setScene(connectScene);
        stage.sizeToScene();
        stage.setTitle("RemoteFetch");
    }

    /** The API client for {@code s}, on the app's one OkHttp client and Moshi. */
    ApiClient client(ConnectionSettings s) {
        return new ApiClient(http, moshi, s.serverUrl(), s.token());
    }

    /** The History window for this server: one at a time, brought to the front when open. */
    private void showHistory(ApiClient api, String server) {
        if (history != null && history.isShowing()) {
            history.toFront();
            return;
        }
        HistoryViewModel vm = new HistoryViewModel(api, background, Platform::runLater);
        history = new Stage();
        history.initOwner(stage);
        history.setTitle("History — " + server);
        history.setScene(new Scene(new HistoryView(vm).root(), 980, 520));
        history.show();
        vm.load();
    }

    void openMain(ConnectionSettings s) {
        ApiClient api = client(s);
        AgentsViewModel agents = new AgentsViewModel(api, Platform::runLater, retries, Duration.ofSeconds(1),
                AgentFeed.SILENCE);
        onMain.accept(agents);
        DownloadsViewModel downloads = new DownloadsViewModel(new Downloader(api), background, Platform::runLater,
                System::nanoTime);
        Runnable changeServer = () -> {
            agents.close();
            if (history != null) {
                history.close();
            }
            showConnect();
        };
        Runnable history = () -> showHistory(api, s.serverUrl());
        stage.setScene(new Scene(new MainView(agents, downloads, picker, theme, s.serverUrl(), changeServer, history)
                .root(), 1180, 700));
        stage.sizeToScene();
        stage.centerOnScreen();
        stage.setTitle("RemoteFetch — " + s.serverUrl());
        agents.start();
    }
}
