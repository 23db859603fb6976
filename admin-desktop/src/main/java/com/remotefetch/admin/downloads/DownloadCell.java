package com.remotefetch.admin.downloads;

import java.io.IOException;
import org.slf4j.LoggerFactory;
import java.awt.Desktop;
import java.io.File;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One row of the downloads panel. A download: title, progress bar, bytes, speed, time left,
 * message; Cancel, Retry, Show in folder. A collect job: see {@link CollectJobView}.
 */
public final class DownloadCell extends ListCell<DownloadsEntry> {
    @Override
    protected void updateItem(DownloadsEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        if (empty || entry == null) {
            setGraphic(null);
            return;
        }
        setGraphic(entry instanceof CollectJob job ? CollectJobView.of(job) : single((DownloadItem) entry));
    }

    private static VBox single(DownloadItem item) {
        Label title = new Label(item.title() + "  →  " + item.target());
        title.getStyleClass().add("text-bold");
        ProgressBar bar = new ProgressBar();
        bar.getStyleClass().add("download-progress");
        bar.progressProperty().bind(item.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setMinHeight(10);
        bar.setPrefHeight(10);
        Label bytes = label(item.bytesProperty(), "download-bytes");
        Label speed = label(item.speedProperty(), "download-speed");
        Label left = label(item.timeLeftProperty(), "download-eta");
        Label message = label(item.messageProperty(), "download-message");
        message.setWrapText(true);

        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add("download-cancel");
        cancel.visibleProperty().bind(item.stateProperty().isEqualTo(DownloadItem.State.RUNNING));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> item.cancel());
        Button retry = new Button("Retry");
        retry.getStyleClass().add("download-retry");
        retry.visibleProperty().bind(Bindings.createBooleanBinding(() -> item.stateProperty().get().retryable(),
                item.stateProperty()));
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setOnAction(e -> item.retry());
        Button show = new Button("Show in folder");
        show.visibleProperty().bind(item.stateProperty().isEqualTo(DownloadItem.State.DONE));
        show.managedProperty().bind(show.visibleProperty());
        show.setOnAction(e -> showInFolder(item));

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox numbers = new HBox(14, bytes, speed, left, gap, cancel, retry, show);
        numbers.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, title, bar, numbers, message);
        box.setFillWidth(true);
        return box;
    }

    static Label label(ObservableValue<String> text, String styleClass) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.getStyleClass().add(styleClass);
        return l;
    }

    private static void showInFolder(DownloadItem item) {
        showInFolder(item.target().toFile(), item::folderCannotBeShown);
    }

    /** Opens the file manager at {@code file}; where there is none, {@code cannot} runs on the FX thread. */
    static void showInFolder(File file, Runnable cannot) {
        Thread t = new Thread(() -> {
            boolean shown = false;
            try {
                if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE_FILE_DIR)) {
                    Desktop.getDesktop().browseFileDirectory(file);
                    shown = true;
                } else if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
                    Desktop.getDesktop().open(file.getParentFile());
                    shown = true;
                }
            } catch (IOException | RuntimeException e) {
                LoggerFactory.getLogger(DownloadCell.class).warn("cannot show {}: {}", file, e.getMessage());
            }
            if (!shown) {
                Platform.runLater(cannot);
            }
        }, "show-in-folder");
        t.setDaemon(true);
        t.start();
    }
}
