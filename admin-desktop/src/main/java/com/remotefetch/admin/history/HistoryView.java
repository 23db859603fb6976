package com.remotefetch.admin.history;

import com.remotefetch.admin.history.HistoryViewModel.Row;
import com.remotefetch.admin.ui.RelativeTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.collections.FXCollections;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The History window's content: filters, Refresh, and the table of downloads. Thin over {@link HistoryViewModel}. */
public final class HistoryView {
    private final BorderPane root = new BorderPane();

    public HistoryView(HistoryViewModel vm) {
        TextField agent = new TextField();
        agent.setId("historyAgent");
        agent.setPromptText("Agent id");
        agent.textProperty().bindBidirectional(vm.agentProperty());
        agent.setOnAction(e -> vm.load());
        TextField admin = new TextField();
        admin.setId("historyAdmin");
        admin.setPromptText("Admin");
        admin.textProperty().bindBidirectional(vm.adminProperty());
        admin.setOnAction(e -> vm.load());
        CheckBox failed = new CheckBox("Failed only");
        failed.setId("historyFailed");
        failed.selectedProperty().bindBidirectional(vm.failedOnlyProperty());
        failed.setOnAction(e -> vm.load());
        ChoiceBox<HistoryViewModel.Period> period = new ChoiceBox<>(FXCollections.observableArrayList(
                HistoryViewModel.Period.values()));
        period.setId("historyPeriod");
        period.valueProperty().bindBidirectional(vm.periodProperty());
        period.setOnAction(e -> vm.load());
        Button refresh = new Button("Refresh");
        refresh.setId("historyRefresh");
        refresh.setDefaultButton(true);
        refresh.setOnAction(e -> vm.load());
        Label status = new Label();
        status.setId("historyStatus");
        status.textProperty().bind(vm.statusProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(10, agent, admin, period, failed, refresh, gap, status);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(10));

        TableView<Row> table = new TableView<>();
        table.setId("historyTable");
        SortedList<Row> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        TableColumn<Row, Instant> when = new TableColumn<>("When");
        when.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().time()));
        when.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        when.setCellFactory(c -> new TimeCell());
        when.setMinWidth(170); // the full time, never cut
        table.getColumns().add(when);
        table.getColumns().add(column("Agent", Row::agent, 125));
        table.getColumns().add(column("File", Row::file, 140));
        TableColumn<Row, String> who = column("Admin", Row::admin, 100);
        who.setMinWidth(100); // "anonymous" whole
        table.getColumns().add(who);
        TableColumn<Row, String> result = column("Result", Row::result, 125);
        result.setMinWidth(125); // "file_not_found" whole
        result.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // A download that did not end with a whole file stands out.
                setStyle(empty || "ok".equals(text) ? "" : "-fx-text-fill: -color-danger-fg;");
            }
        });
        table.getColumns().add(result);
        table.getColumns().add(column("Bytes", Row::bytesText, 85));
        table.getColumns().add(column("Took", Row::durationText, 65));
        table.getColumns().add(column("From", Row::address, 110));
        table.setPlaceholder(new Label("No downloads yet"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        root.setTop(top);
        root.setCenter(table);
        BorderPane.setMargin(table, new Insets(0, 10, 10, 10));
    }

    public Parent root() {
        return root;
    }

    /** The full local time; how long ago in the tooltip. */
    private static final class TimeCell extends TableCell<Row, Instant> {
        @Override
        protected void updateItem(Instant t, boolean empty) {
            super.updateItem(t, empty);
            setText(empty || t == null ? null : RelativeTime.full(t, ZoneId.systemDefault()));
            setTooltip(empty || t == null ? null : new Tooltip(RelativeTime.ago(t, Instant.now())));
        }
    }

    private static TableColumn<Row, String> column(String title, Function<Row, String> value, double width) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
