package com.remotefetch.admin.downloads;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A collect job's row: title, overall progress, "2 of 6 delivered · 1 failed · 1 offline", Cancel,
 * Retry failed, Show folder, and Details, which unfolds a row per agent with its own bar, message,
 * Cancel and Retry.
 */
final class CollectJobView {
    private CollectJobView() {
    }

    static VBox of(CollectJob job) {
        Label title = new Label(job.title() + "  →  " + job.folder());
        title.getStyleClass().add("text-bold");
        ProgressBar bar = bar(job.progressProperty().get());
        bar.progressProperty().bind(job.progressProperty());
        bar.getStyleClass().add("collect-progress");
        Label summary = DownloadCell.label(job.summaryProperty(), "collect-summary");
        Label note = DownloadCell.label(job.noteProperty(), "collect-note");
        note.visibleProperty().bind(job.noteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());

        ToggleButton details = new ToggleButton();
        details.getStyleClass().add("collect-details");
        details.selectedProperty().bindBidirectional(job.expandedProperty());
        details.textProperty().bind(Bindings.when(details.selectedProperty()).then("Hide agents").otherwise("Agents…"));
        Button cancel = button("Cancel", "collect-cancel", job::cancel);
        cancel.visibleProperty().bind(job.stateProperty().isEqualTo(DownloadItem.State.RUNNING));
        cancel.managedProperty().bind(cancel.visibleProperty());
        Button retry = button("Retry failed", "collect-retry", job::retryFailed);
        retry.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> job.stateProperty().get() != DownloadItem.State.RUNNING && job.anyRetryable(), job.stateProperty()));
        retry.managedProperty().bind(retry.visibleProperty());
        Button show = button("Show folder", "collect-show", () -> DownloadCell.showInFolder(
                job.folder().resolve(job.parts().get(0).clientId()).toFile(), job::folderCannotBeShown));
        show.visibleProperty().bind(job.stateProperty().isNotEqualTo(DownloadItem.State.RUNNING));
        show.managedProperty().bind(show.visibleProperty());

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox line = new HBox(10, summary, gap, details, cancel, retry, show);
        line.setAlignment(Pos.CENTER_LEFT);

        VBox agents = new VBox(4);
        agents.getStyleClass().add("collect-agents");
        for (DownloadItem part : job.parts()) {
            agents.getChildren().add(part(job, part));
        }
        agents.visibleProperty().bind(job.expandedProperty());
        agents.managedProperty().bind(agents.visibleProperty());
        VBox box = new VBox(6, title, bar, line, note, agents);
        box.setFillWidth(true);
        return box;
    }

    private static HBox part(CollectJob job, DownloadItem part) {
        Label agent = new Label(part.clientId());
        agent.getStyleClass().add("part-agent");
        agent.setMinWidth(150);
        agent.setPrefWidth(150);
        ProgressBar bar = bar(-1);
        // Indeterminate (-1) only while running and the size is not known yet; empty when nothing came.
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> part.stateProperty().get() == DownloadItem.State.RUNNING
                ? part.progressProperty().get() : Math.max(0, part.progressProperty().get()),
                part.stateProperty(), part.progressProperty()));
        bar.setPrefWidth(160);
        bar.setMaxWidth(160);
        Label bytes = DownloadCell.label(part.bytesProperty(), "part-bytes");
        bytes.setMinWidth(130);
        Label message = DownloadCell.label(part.messageProperty(), "part-message");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button cancel = button("Cancel", "part-cancel", part::cancel);
        cancel.visibleProperty().bind(part.stateProperty().isEqualTo(DownloadItem.State.RUNNING)
                .or(part.stateProperty().isEqualTo(DownloadItem.State.QUEUED)));
        cancel.managedProperty().bind(cancel.visibleProperty());
        Button retry = button("Retry", "part-retry", () -> job.retry(part));
        retry.visibleProperty().bind(Bindings.createBooleanBinding(() -> part.stateProperty().get().retryable(),
                part.stateProperty()));
        retry.managedProperty().bind(retry.visibleProperty());
        HBox row = new HBox(10, agent, bar, bytes, message, gap, cancel, retry);
        row.getStyleClass().add("collect-part");
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static ProgressBar bar(double value) {
        ProgressBar bar = new ProgressBar(value);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setMinHeight(8);
        bar.setPrefHeight(8);
        return bar;
    }

    private static Button button(String text, String styleClass, Runnable action) {
        Button b = new Button(text);
        b.getStyleClass().addAll(styleClass, "small");
        b.setOnAction(e -> action.run());
        return b;
    }
}
