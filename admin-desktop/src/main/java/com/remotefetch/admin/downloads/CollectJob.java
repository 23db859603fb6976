package com.remotefetch.admin.downloads;

import com.remotefetch.admin.api.Downloader;
import com.remotefetch.admin.ui.UiDispatcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One file from several agents into {@code FOLDER/<agent>/<file>}, the app's counterpart of the
 * CLI's {@code collect}: one row with overall progress that expands into a row per agent. At most
 * {@code parallel} downloads run at once; the rest wait. Each agent's download is a
 * {@link DownloadItem} on the same {@link Downloader}, so Retry resumes its part file. Offline
 * agents are listed and not tried until Retry failed.
 *
 * <p>Threading: all bookkeeping runs on the UI thread, where the parts report their state.
 */
public final class CollectJob implements DownloadsEntry {
    /** One agent the job collects from. */
    public record Target(String agentId, boolean online, String lastSeen) {
    }

    private final String file;
    private final Path folder;
    private final int parallel;
    private final ObservableList<DownloadItem> parts = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<DownloadItem.State> state = new ReadOnlyObjectWrapper<>(DownloadItem.State.RUNNING);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final BooleanProperty expanded = new SimpleBooleanProperty(false);
    /** The parts started at least once. */
    private final Set<DownloadItem> tried = new HashSet<>();
    private boolean cancelled;

    CollectJob(String file, Path folder, List<Target> targets, int parallel, Downloader downloader, Executor background,
               UiDispatcher ui, LongSupplier nanoTime) {
        if (targets.isEmpty() || parallel < 1) {
            throw new IllegalArgumentException("a collect job needs agents and at least one slot");
        }
        this.file = file;
        this.folder = folder;
        this.parallel = parallel;
        String name = Path.of(file).getFileName().toString();
        for (Target t : targets) {
            DownloadItem part = new DownloadItem(t.agentId(), file, folder.resolve(t.agentId()).resolve(name), downloader,
                    background, ui, nanoTime);
            if (t.online()) {
                part.queue();
            } else {
                part.offline(t.lastSeen());
            }
            part.stateProperty().addListener((o, was, now) -> changed());
            part.progressProperty().addListener((o, was, now) -> measure());
            parts.add(part);
        }
    }

    public String title() {
        return file + " from " + parts.size() + (parts.size() == 1 ? " agent" : " agents");
    }

    public Path folder() {
        return folder;
    }

    /** One row per agent, in the order the agents were chosen. */
    public ObservableList<DownloadItem> parts() {
        return parts;
    }

    /** Delivered files over the agents tried, the running ones counted by their progress. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "2 of 6 delivered · 2 running · 1 waiting · 1 offline" */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyObjectProperty<DownloadItem.State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** A line under the summary, empty unless there is something to say. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** This computer has no file manager to open: the note says where the files are instead. */
    public void folderCannotBeShown() {
        note.set("Saved in " + folder.toAbsolutePath() + " (no file manager here to open it).");
    }

    /** Whether any agent's download can be tried again. */
    public boolean anyRetryable() {
        return parts.stream().anyMatch(p -> p.stateProperty().get().retryable());
    }

    /** Whether the panel shows the per-agent rows; kept here so it survives the list's cell reuse. */
    public BooleanProperty expandedProperty() {
        return expanded;
    }

    void start() {
        pump();
        changed();
    }

    /** Stops the running downloads (their part files stay for Retry) and the waiting ones. */
    public void cancel() {
        cancelled = true;
        for (DownloadItem part : List.copyOf(parts)) {
            part.cancel();
        }
        changed();
    }

    /** Tries again every agent that failed, was cancelled or was offline; resumes part files. */
    public void retryFailed() {
        cancelled = false;
        for (DownloadItem part : parts) {
            if (part.stateProperty().get().retryable()) {
                part.queue();
            }
        }
        pump();
        changed();
    }

    /** Tries one agent again, through the job's slots. */
    public void retry(DownloadItem part) {
        if (parts.contains(part) && part.stateProperty().get().retryable()) {
            cancelled = false;
            part.queue();
            pump();
            changed();
        }
    }

    /** Starts waiting parts while fewer than {@code parallel} run. Re-entrant: a part may finish inside start. */
    private void pump() {
        while (!cancelled && count(DownloadItem.State.RUNNING) < parallel) {
            DownloadItem next = parts.stream().filter(p -> p.stateProperty().get() == DownloadItem.State.QUEUED)
                    .findFirst().orElse(null);
            if (next == null) {
                return;
            }
            // A part that ran before resumes its part file; a fresh one starts clean.
            next.start(!tried.add(next));
        }
    }

    private void changed() {
        pump();
        int done = count(DownloadItem.State.DONE);
        int running = count(DownloadItem.State.RUNNING);
        int waiting = count(DownloadItem.State.QUEUED);
        int failed = count(DownloadItem.State.FAILED);
        int stopped = count(DownloadItem.State.CANCELLED);
        int offline = count(DownloadItem.State.OFFLINE);
        List<String> words = new ArrayList<>();
        words.add(done + " of " + parts.size() + " delivered");
        add(words, running, "running");
        add(words, waiting, "waiting");
        add(words, failed, "failed");
        add(words, stopped, "cancelled");
        add(words, offline, "offline");
        summary.set(String.join(" · ", words));
        if (running + waiting > 0) {
            state.set(DownloadItem.State.RUNNING);
        } else if (done == parts.size()) {
            state.set(DownloadItem.State.DONE);
        } else {
            state.set(cancelled ? DownloadItem.State.CANCELLED : DownloadItem.State.FAILED);
        }
        measure();
    }

    private void measure() {
        double sum = 0;
        for (DownloadItem p : parts) {
            DownloadItem.State s = p.stateProperty().get();
            if (s == DownloadItem.State.DONE) {
                sum += 1;
            } else if (s == DownloadItem.State.RUNNING) {
                sum += Math.max(0, p.progressProperty().get());
            }
        }
        progress.set(sum / parts.size());
    }

    private static void add(List<String> words, int n, String what) {
        if (n > 0) {
            words.add(n + " " + what);
        }
    }

    private int count(DownloadItem.State s) {
        return (int) parts.stream().filter(p -> p.stateProperty().get() == s).count();
    }
}
