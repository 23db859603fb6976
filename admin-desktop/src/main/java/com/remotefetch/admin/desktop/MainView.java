package com.remotefetch.admin.desktop;

import com.remotefetch.admin.downloads.DownloadCell;
import com.remotefetch.admin.agents.AgentsViewModel;
import com.remotefetch.admin.agents.AgentsViewModel.AgentRow;
import com.remotefetch.admin.agents.AgentsViewModel.FileRow;
import com.remotefetch.admin.downloads.CollectJob;
import com.remotefetch.admin.downloads.DownloadsEntry;
import com.remotefetch.admin.ui.RelativeTime;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import com.remotefetch.admin.downloads.DownloadsViewModel;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.util.StringConverter;
import javafx.collections.FXCollections;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.collections.ListChangeListener;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The main window: agents (filterable, sortable, live), the selected agent's files, and the
 * downloads panel. Thin: every decision is in the view models.
 */
public final class MainView {
    private final BorderPane root = new BorderPane();
    private final AgentsViewModel agents;
    private final DownloadsViewModel downloads;
    private final SaveLocationPicker picker;
    private final TableView<FileRow> files = new TableView<>();

    /**
     * @param onChangeServer goes back to the connect screen; offered while no download runs
     * @param onHistory      opens the History window
     */
    MainView(AgentsViewModel agents, DownloadsViewModel downloads, SaveLocationPicker picker, Theme theme, String server,
             Runnable onChangeServer, Runnable onHistory) {
        this.agents = agents;
        this.downloads = downloads;
        this.picker = picker;

        TextField filter = new TextField();
        filter.setId("filter");
        filter.setPromptText("Filter: id, host or label");
        filter.setTooltip(new Tooltip("Ctrl+F; labels as region=west"));
        filter.textProperty().bindBidirectional(agents.filterProperty());
        ChoiceBox<AgentsViewModel.Shown> shown = new ChoiceBox<>(FXCollections.observableArrayList(
                AgentsViewModel.Shown.values()));
        shown.setId("shown");
        shown.setConverter(new StringConverter<>() {
            @Override
            public String toString(AgentsViewModel.Shown s) {
                return s == null ? "" : switch (s) {
                    case ALL -> "All agents";
                    case ONLINE -> "Online";
                    case OFFLINE -> "Offline";
                };
            }

            @Override
            public AgentsViewModel.Shown fromString(String text) {
                return AgentsViewModel.Shown.ALL;
            }
        });
        shown.valueProperty().bindBidirectional(agents.shownProperty());
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(agents.statusProperty());
        ToggleButton dark = new ToggleButton("Dark");
        dark.setId("dark");
        dark.setSelected(theme.dark());
        dark.setOnAction(e -> theme.apply(dark.isSelected()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label where = new Label(server);
        where.getStyleClass().add("text-muted");
        Button change = new Button("Change server…");
        change.setId("changeServer");
        change.disableProperty().bind(downloads.anyRunning());
        change.setOnAction(e -> onChangeServer.run());
        Button collect = new Button();
        collect.setId("collect");
        collect.textProperty().bind(agents.collectTextBinding());
        collect.disableProperty().bind(Bindings.isEmpty(agents.visibleAgents()));
        collect.setOnAction(e -> collect());
        Button history = new Button("History");
        history.setId("history");
        history.setOnAction(e -> onHistory.run());
        HBox top = new HBox(12, filter, shown, gap, collect, history, change, dark);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(10));
        for (Region r : List.of(shown, collect, history, change, dark)) {
            r.setMinWidth(Region.USE_PREF_SIZE); // buttons are never cut to "..."
        }
        Region statusGap = new Region();
        HBox.setHgrow(statusGap, Priority.ALWAYS);
        HBox statusBar = new HBox(12, status, statusGap, where);
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.setPadding(new Insets(4, 10, 6, 10));

        SplitPane upper = new SplitPane(agentTable(), filePane());
        upper.setDividerPositions(0.69);
        ListView<DownloadsEntry> list = new ListView<>(downloads.items());
        list.setId("downloads");
        list.setCellFactory(v -> new DownloadCell());
        list.setPlaceholder(new Label("Downloads appear here"));
        Label downloadsTitle = new Label("Downloads");
        downloadsTitle.getStyleClass().add("title-4");
        Button clear = new Button("Clear finished");
        clear.setId("clearFinished");
        clear.setOnAction(e -> downloads.clearFinished());
        Region headerGap = new Region();
        HBox.setHgrow(headerGap, Priority.ALWAYS);
        HBox downloadsHeader = new HBox(8, downloadsTitle, headerGap, clear);
        downloadsHeader.setAlignment(Pos.CENTER_LEFT);
        VBox lower = new VBox(6, downloadsHeader, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        lower.setPadding(new Insets(6, 10, 10, 10));
        SplitPane main = new SplitPane(upper, lower);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.55);
        root.setTop(top);
        root.setCenter(main);
        root.setBottom(statusBar);
    }

    public Parent root() {
        return root;
    }

    private TableView<AgentRow> agentTable() {
        TableView<AgentRow> table = new TableView<>();
        table.setId("agents");
        SortedList<AgentRow> sorted = new SortedList<>(agents.visibleAgents());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        // Greyed while the live list may be out of date (server gone, reconnecting).
        table.opacityProperty().bind(Bindings.when(agents.staleProperty()).then(0.55).otherwise(1.0));
        TableColumn<AgentRow, String> id = column("Agent", AgentRow::id, 140);
        id.setMinWidth(135); // the id is what admins read first: never cut, the labels give way
        table.getColumns().add(id);
        table.getColumns().add(Columns.status());
        table.getColumns().add(Columns.time("Last seen", "lastSeen", a -> a.seen(Instant.now())));
        table.getColumns().add(Columns.time("Connected", "connected", AgentRow::since));
        table.getColumns().add(column("Host", AgentRow::hostname, 90));
        table.getColumns().add(column("Version", AgentRow::version, 80));
        TableColumn<AgentRow, String> count = column("Files", a -> Integer.toString(a.fileCount()), 52);
        count.setMinWidth(52);
        table.getColumns().add(count);
        table.getColumns().add(column("Labels", AgentRow::labelsText, 140));
        // Only the id and the labels grow with the window; the others keep their width, so the
        // resize policy cannot hand one column's room to another from one layout to the next.
        for (TableColumn<AgentRow, ?> c : table.getColumns()) {
            if (c != id && !c.getText().equals("Labels")) {
                c.setMaxWidth(c.getPrefWidth() + 20);
            }
        }
        id.setMaxWidth(220);
        table.setPlaceholder(new Label("No agents yet"));
        table.setFixedCellSize(34); // even rows, and thousands of them scroll without measuring each

        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // Several rows (Shift, Ctrl, Ctrl+A) choose the agents a collect job takes; the last one's files show.
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<AgentRow>) c ->
                agents.chosen().setAll(List.copyOf(table.getSelectionModel().getSelectedItems())));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                agents.selectedProperty().set(now);
            }
        });
        agents.selectedProperty().addListener((o, was, now) -> {
            if (now == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        Columns.refreshEvery(table, 30);
        return table;
    }

    /** "Collect file…": which file (the most widely shared one offered first), which folder, then a job row. */
    private void collect() {
        List<AgentRow> targets = agents.collectTargets();
        if (targets.isEmpty()) {
            return;
        }
        Optional<String> file = CollectDialog.ask(root.getScene().getWindow(), targets.size(),
                AgentsViewModel.sharedFileNames(targets));
        if (file.isEmpty()) {
            return;
        }
        Optional<Path> folder = picker.pickFolder("Collect " + file.get() + " into");
        folder.ifPresent(dir -> downloads.collect(file.get(), dir, targets.stream().map(a -> new CollectJob.Target(a.id(),
                a.online(), a.online() ? null : RelativeTime.full(a.seen(Instant.now()), ZoneId.systemDefault()))).toList()));
    }

    private VBox filePane() {
        files.setId("files");
        files.setItems(agents.files());
        files.getColumns().add(column("File", FileRow::name, 160));
        TableColumn<FileRow, String> size = column("Size", FileRow::sizeText, 85);
        size.setMinWidth(85); // "1023.9 MiB" whole
        files.getColumns().add(size);
        files.getColumns().add(Columns.time("Modified", "modified", FileRow::modifiedAt));
        files.setPlaceholder(new Label("Select an agent"));
        files.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        files.setRowFactory(t -> {
            var row = new TableRow<FileRow>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    download();
                }
            });
            return row;
        });
        Button download = new Button("Download  (Ctrl+D)");
        download.setId("download");
        download.getStyleClass().add("accent");
        download.disableProperty().bind(files.getSelectionModel().selectedItemProperty().isNull());
        download.setOnAction(e -> download());
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN), this::download);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
                    TextField box = (TextField) root.lookup("#filter");
                    box.requestFocus();
                    box.selectAll();
                });
            }
        });
        Label title = new Label();
        title.setId("filesTitle");
        title.textProperty().bind(agents.filesTitleProperty());
        VBox box = new VBox(6, title, files, download);
        VBox.setVgrow(files, Priority.ALWAYS);
        box.setPadding(new Insets(0, 0, 6, 0));
        return box;
    }

    private void download() {
        FileRow file = files.getSelectionModel().getSelectedItem();
        AgentRow agent = agents.selectedProperty().get();
        if (file == null || agent == null) {
            return;
        }
        String name = file.name().substring(file.name().lastIndexOf('/') + 1);
        picker.pick(name).ifPresent(target -> downloads.download(agent.id(), file.name(), target));
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
