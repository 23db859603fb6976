package com.remotefetch.admin.downloads;

import java.nio.file.Files;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.admin.ui.UiDispatcher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The downloads panel: every download and collect job of this session, newest first; several run
 * at once.
 */
public final class DownloadsViewModel {
    /** Downloads a collect job runs at once, as the CLI's {@code collect} does by default. */
    public static final int COLLECT_PARALLEL = 4;

    private final Downloader downloader;
    private final Executor background;
    private final UiDispatcher ui;
    private final LongSupplier nanoTime;
    /** Reports a change of any item's state too, so {@link #anyRunning} follows them. */
    private final ObservableList<DownloadsEntry> items =
            FXCollections.observableArrayList(item -> new Observable[] {item.stateProperty()});
    private final BooleanBinding anyRunning = Bindings.createBooleanBinding(
            () -> items.stream().anyMatch(i -> i.stateProperty().get() == DownloadItem.State.RUNNING), items);

    public DownloadsViewModel(Downloader downloader, Executor background, UiDispatcher ui, LongSupplier nanoTime) {
        this.downloader = downloader;
        this.background = background;
        this.ui = ui;
        this.nanoTime = nanoTime;
    }

    public ObservableList<DownloadsEntry> items() {
        return items;
    }

    /** True while any download is running: the server must not be switched under it. */
    public BooleanBinding anyRunning() {
        return anyRunning;
    }

    /** Starts downloading {@code file} (null: the default file) of {@code clientId} to {@code target}. */
    public DownloadItem download(String clientId, String file, Path target) {
        DownloadItem item = new DownloadItem(clientId, file, target, downloader, background, ui, nanoTime);
        items.add(0, item);
        item.start(false);
        return item;
    }

    /**
     * Starts collecting {@code file} from each target into {@code folder/<agent>/<file>}, a few at
     * a time; offline targets are listed, not tried.
     */
    public CollectJob collect(String file, Path folder, List<CollectJob.Target> targets) {
        CollectJob job = new CollectJob(file, folder, targets, COLLECT_PARALLEL, downloader, background, ui, nanoTime);
        items.add(0, job);
        job.start();
        return job;
    }

    /** Removes the downloads and jobs that finished with every file saved; running and failed ones stay. */
    public void clearFinished() {
        items.removeIf(i -> i.stateProperty().get() == DownloadItem.State.DONE);
    }

    /** Where a file is saved by default: the user's Downloads folder, else home. */
    public static Path defaultFolder() {
        Path home = Path.of(System.getProperty("user.home"));
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }
}
