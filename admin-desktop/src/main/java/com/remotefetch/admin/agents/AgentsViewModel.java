package com.remotefetch.admin.agents;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.Dtos;
import com.remotefetch.admin.ui.UiDispatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import okhttp3.sse.EventSource;

/**
 * The agents table and the selected agent's files, kept live by the server's event stream.
 * Agents that leave stay in the table as offline until the app restarts.
 */
public final class AgentsViewModel implements AutoCloseable {

    /** One row of the agents table. */
    public record AgentRow(String id, boolean online, String connectedSince, String lastHeartbeat, String hostname,
                           String version, int fileCount, List<Dtos.RemoteFile> files) {
        public String onlineText() {
            return online ? "online" : "offline";
        }
    }

    /** One row of the files table. */
    public record FileRow(String name, long size, String modified) {
        public String sizeText() {
            return com.remotefetch.admin.ui.Sizes.bytes(size);
        }
    }

    private final ApiClient api;
    private final UiDispatcher ui;
    private final ObservableList<AgentRow> agents = FXCollections.observableArrayList();
    private final FilteredList<AgentRow> visible = new FilteredList<>(agents, a -> true);
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<AgentRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Connecting…");
    private EventSource events;

    public AgentsViewModel(ApiClient api, UiDispatcher ui) {
        this.api = api;
        this.ui = ui;
        filter.addListener((o, was, now) -> {
            String f = now == null ? "" : now.trim().toLowerCase(Locale.ROOT);
            visible.setPredicate(a -> f.isEmpty() || a.id().toLowerCase(Locale.ROOT).contains(f)
                    || String.valueOf(a.hostname()).toLowerCase(Locale.ROOT).contains(f));
        });
        selected.addListener((o, was, now) -> showFiles(now));
    }

    public ObservableList<AgentRow> visibleAgents() {
        return visible;
    }

    public ObservableList<FileRow> files() {
        return files;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<AgentRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Subscribes to live updates; the first list arrives at once. */
    public void start() {
        events = api.subscribeAgents(list -> ui.dispatch(() -> update(list)),
                problem -> ui.dispatch(() -> status.set(problem)));
    }

    void update(Dtos.AgentList list) {
        Map<String, AgentRow> byId = new LinkedHashMap<>();
        for (AgentRow old : agents) {
            byId.put(old.id(), new AgentRow(old.id(), false, old.connectedSince(), old.lastHeartbeat(), old.hostname(),
                    old.version(), old.fileCount(), old.files()));
        }
        for (Dtos.AgentSummary a : list.agents()) {
            byId.put(a.id(), new AgentRow(a.id(), true, a.connectedSince(), a.lastHeartbeat(), a.hostname(),
                    a.agentVersion(), a.files().size(), a.files()));
        }
        String keep = selected.get() == null ? null : selected.get().id();
        agents.setAll(byId.values());
        if (keep != null) {
            selected.set(byId.get(keep));
        }
        status.set(list.count() + (list.count() == 1 ? " agent" : " agents") + " online");
    }

    private void showFiles(AgentRow agent) {
        if (agent == null) {
            files.clear();
            return;
        }
        files.setAll(agent.files().stream().map(f -> new FileRow(f.name(), f.size(), f.modified())).toList());
    }

    @Override
    public void close() {
        if (events != null) {
            events.cancel();
        }
    }
}
