package com.remotefetch.admin.desktop;

import com.remotefetch.admin.agents.AgentsViewModel.AgentRow;
import com.remotefetch.admin.ui.RelativeTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Circle;
import javafx.util.Duration;

/** The tables' richer columns: a coloured status dot with its word, and times said relatively. */
final class Columns {
    private Columns() {
    }

    /** A green dot and "online", or a grey one and "offline"; sorts online first. */
    static TableColumn<AgentRow, Boolean> status() {
        TableColumn<AgentRow, Boolean> c = new TableColumn<>("Status");
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().online()));
        c.setComparator(Comparator.reverseOrder());
        c.setCellFactory(col -> new TableCell<>() {
            private final Circle dot = new Circle(4.5);

            @Override
            protected void updateItem(Boolean online, boolean empty) {
                super.updateItem(online, empty);
                if (empty || online == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                dot.setStyle(online ? "-fx-fill: -color-success-emphasis;" : "-fx-fill: -color-fg-subtle;");
                setGraphic(dot);
                setText(online ? "online" : "offline");
                getStyleClass().removeAll("agent-online", "agent-offline");
                getStyleClass().add(online ? "agent-online" : "agent-offline");
            }
        });
        c.setMinWidth(90);
        c.setPrefWidth(90);
        return c;
    }

    /** "3 min ago", the full local time in a tooltip; sorts by the time itself, unknown first. */
    static <T> TableColumn<T, Instant> time(String title, String styleClass, Function<T, Instant> value) {
        TableColumn<T, Instant> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        c.setCellFactory(col -> {
            Tooltip full = new Tooltip();
            TableCell<T, Instant> cell = new TableCell<>() {
                @Override
                protected void updateItem(Instant t, boolean empty) {
                    super.updateItem(t, empty);
                    boolean blank = empty || t == null;
                    setText(blank ? null : RelativeTime.ago(t, Instant.now()));
                    full.setText(blank ? "" : RelativeTime.full(t, ZoneId.systemDefault()));
                    setTooltip(blank ? null : full);
                }
            };
            cell.getStyleClass().add(styleClass);
            cell.setAlignment(Pos.CENTER_LEFT);
            return cell;
        });
        c.setMinWidth(90);
        c.setPrefWidth(95);
        return c;
    }

    /** Relative times age: redraw the rows every {@code seconds} while the table is shown. */
    static void refreshEvery(TableView<?> table, int seconds) {
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(seconds), e -> table.refresh()));
        tick.setCycleCount(Timeline.INDEFINITE);
        table.sceneProperty().addListener((o, was, scene) -> {
            if (scene == null) {
                tick.stop();
            } else {
                tick.play();
            }
        });
    }
}
