package com.remotefetch.admin.downloads;

import com.remotefetch.admin.api.ApiException;
import com.remotefetch.admin.api.Downloader;
import com.remotefetch.admin.api.TransferException;
import com.remotefetch.client.ByteSizes;
import com.remotefetch.admin.api.Failure;
import com.remotefetch.admin.ui.UiDispatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One row of the downloads panel, or one agent's row in a {@link CollectJob}: progress, bytes,
 * speed, time left, and Cancel / Retry. Retry resumes the part file with a Range request. Progress
 * reaches the UI at most ten times a second.
 */
public final class DownloadItem implements DownloadsEntry {
    /** QUEUED and OFFLINE only happen inside a collect job. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED, OFFLINE;

        /** Failed, cancelled or not tried because the agent was offline: Retry applies. */
        public boolean retryable() {
            return this == FAILED || this == CANCELLED || this == OFFLINE;
        }
    }

    private static final long UI_INTERVAL_NANOS = 100_000_000L;

    private final String clientId;
    private final String file;
    private final Path target;
    private final Downloader downloader;
    private final Executor background;
    private final UiDispatcher ui;
    private final LongSupplier nanoTime;

    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper bytes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timeLeft = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Starting…");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.RUNNING);
    private volatile Downloader.Task task;

    DownloadItem(String clientId, String file, Path target, Downloader downloader, Executor background, UiDispatcher ui,
                 LongSupplier nanoTime) {
        this.clientId = clientId;
        this.file = file;
        this.target = target;
        this.downloader = downloader;
        this.background = background;
        this.ui = ui;
        this.nanoTime = nanoTime;
    }

    public String clientId() {
        return clientId;
    }

    public String title() {
        return (file == null ? "default file" : file) + " from " + clientId;
    }

    public Path target() {
        return target;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bytesProperty() {
        return bytes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeLeftProperty() {
        return timeLeft.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    void start(boolean resume) {
        Downloader.Task t = downloader.task(clientId, file, target, resume);
        task = t;
        state.set(State.RUNNING);
        message.set(resume ? "Resuming…" : "Starting…");
        background.execute(() -> run(t));
    }

    /** Waits for a free slot in its collect job. */
    void queue() {
        state.set(State.QUEUED);
        message.set("Waiting");
    }

    /** Not tried: the agent is offline. */
    void offline(String lastSeen) {
        state.set(State.OFFLINE);
        message.set("Offline" + (lastSeen == null ? "" : ", last seen " + lastSeen) + ": not tried.");
    }

    public void cancel() {
        Downloader.Task t = task;
        if (state.get() == State.QUEUED) {
            state.set(State.CANCELLED);
            message.set("Cancelled before it started.");
        } else if (t != null && state.get() == State.RUNNING) {
            t.cancel();
        }
    }

    /** This computer has no file manager to open: the message says where the file is instead. */
    public void folderCannotBeShown() {
        message.set("Saved in " + target.toAbsolutePath().getParent() + " (no file manager here to open it).");
    }

    /** Resumes a failed or cancelled download where it stopped. */
    public void retry() {
        if (state.get().retryable()) {
            start(true);
        }
    }

    private void run(Downloader.Task t) {
        long started = nanoTime.getAsLong();
        long[] first = {-1};
        long[] lastUi = {Long.MIN_VALUE / 2};
        try {
            Downloader.Result result = t.run((done, total) -> {
                long now = nanoTime.getAsLong();
                if (first[0] < 0) {
                    first[0] = done;
                }
                if (now - lastUi[0] < UI_INTERVAL_NANOS && done != total) {
                    return;
                }
                lastUi[0] = now;
                double seconds = Math.max((now - started) / 1e9, 1e-3);
                double rate = (done - first[0]) / seconds;
                ui.dispatch(() -> show(done, total, rate));
            });
            ui.dispatch(() -> {
                progress.set(1);
                bytes.set(ByteSizes.bytes(result.size()));
                timeLeft.set("");
                speed.set("");
                String done = result.verified() ? "Done, SHA-256 verified" : "Done (no checksum from the server)";
                message.set(result.restartedBecause() == null ? done
                        : done + ". The file had changed on the agent, so it was downloaded again from the start.");
                state.set(State.DONE);
            });
        } catch (TransferException e) {
            boolean cancelled = e.kind() == TransferException.Kind.CANCELLED;
            fail(cancelled ? State.CANCELLED : State.FAILED, cancelled ? "Cancelled. Retry continues where it stopped."
                    : Failure.of(e, clientId).sentence());
        } catch (ApiException | IOException e) {
            fail(State.FAILED, Failure.of(e, clientId).sentence());
        }
    }

    private void show(long done, long total, double rate) {
        progress.set(total > 0 ? (double) done / total : -1);
        bytes.set(total > 0 ? ByteSizes.bytes(done) + " / " + ByteSizes.bytes(total) : ByteSizes.bytes(done));
        speed.set(ByteSizes.bytes((long) rate) + "/s");
        timeLeft.set(total > 0 && rate > 0 && done < total ? formatSeconds((long) ((total - done) / rate)) + " left" : "");
        message.set("Downloading");
    }

    private void fail(State s, String text) {
        ui.dispatch(() -> {
            state.set(s);
            message.set(text);
            speed.set("");
            timeLeft.set("");
        });
    }

    private static String formatSeconds(long s) {
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
