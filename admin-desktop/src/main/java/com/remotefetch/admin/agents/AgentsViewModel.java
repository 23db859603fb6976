package com.remotefetch.admin.agents;

import com.remotefetch.client.ByteSizes;
import com.remotefetch.admin.api.AgentFeed;
import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.Dtos;
import com.remotefetch.admin.ui.UiDispatcher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The agents table and the selected agent's files, kept live by the server's event stream.
 * Agents that leave stay in the table as offline until the app restarts.
 */
public final class AgentsViewModel implements AutoCloseable {

    /** One row of the agents table. */
    public record AgentRow(String id, boolean online, String connectedSince, String lastHeartbeat, String hostname,
                           String version, int fileCount, List<Dtos.RemoteFile> files, Map<String, String> labels) {
        /** "brand=pizza, region=west" */
        public String labelsText() {
            return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                    .reduce((a, b) -> a + ", " + b).orElse("");
        }

        public String onlineText() {
            return online ? "online" : "offline";
        }
    }

    /** One row of the files table. */
    public record FileRow(String name, long size, String modified) {
        public String sizeText() {
            return ByteSizes.bytes(size);
        }
    }

    private final UiDispatcher ui;
    private final ObservableList<AgentRow> agents = FXCollections.observableArrayList();
    private final FilteredList<AgentRow> visible = new FilteredList<>(agents, a -> true);
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<AgentRow> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Shown> shown = new SimpleObjectProperty<>(Shown.ALL);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Connecting…");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(true);
    static final String NO_AGENT_SELECTED = "Select an agent to see its files";
    private final ReadOnlyStringWrapper filesTitle = new ReadOnlyStringWrapper(NO_AGENT_SELECTED);
    private final AgentFeed feed;

    /**
     * @param scheduler  runs resubscriptions after the live stream ends
     * @param minBackoff the first wait before subscribing again; it doubles up to 30 s
     * @param silence    how long the stream may stay silent before the link counts as dead
     */
    public AgentsViewModel(ApiClient api, UiDispatcher ui, ScheduledExecutorService scheduler, Duration minBackoff,
                           Duration silence) {
        this.ui = ui;
        this.feed = new AgentFeed(api, scheduler, minBackoff, Duration.ofSeconds(30), silence, new AgentFeed.Listener() {
            @Override
            public void agents(Dtos.AgentList list) {
                ui.dispatch(() -> update(list));
            }

            @Override
            public void agent(Dtos.AgentSummary agent) {
                ui.dispatch(() -> upsert(agent));
            }

            @Override
            public void left(String id) {
                ui.dispatch(() -> markOffline(id));
            }

            @Override
            public void lost(String why, Duration retryIn) {
                ui.dispatch(() -> {
                    stale.set(true);
                    status.set("Reconnecting in " + Math.max(1, Math.round(retryIn.toMillis() / 1000.0)) + " s: "
                            + why + ". The list may be out of date.");
                });
            }

            @Override
            public void refused(String why) {
                ui.dispatch(() -> {
                    stale.set(true);
                    status.set("The server refused the credentials. Use Change server… to enter a new token.");
                });
            }
        });
        filter.addListener((o, was, now) -> applyFilter());
        shown.addListener((o, was, now) -> applyFilter());
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

    /** True until the first list arrives, and whenever the live stream is lost: the rows may be out of date. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** Subscribes to live updates; the first list arrives at once, and a lost stream is resubscribed. */
    public void start() {
        feed.start();
    }

    void update(Dtos.AgentList list) {
        Map<String, AgentRow> byId = new LinkedHashMap<>();
        for (AgentRow old : agents) {
            byId.put(old.id(), new AgentRow(old.id(), false, old.connectedSince(), old.lastHeartbeat(), old.hostname(),
                    old.version(), old.fileCount(), old.files(), old.labels()));
        }
        for (Dtos.AgentSummary a : list.agents()) {
            byId.put(a.id(), new AgentRow(a.id(), true, a.connectedSince(), a.lastHeartbeat(), a.hostname(),
                    a.agentVersion(), a.files().size(), a.files(), a.labels()));
        }
        String keep = selected.get() == null ? null : selected.get().id();
        agents.setAll(byId.values());
        if (keep != null) {
            selected.set(byId.get(keep));
        }
        countStatus();
        stale.set(false);
    }

    /** Which agents the table shows by status. */
    public enum Shown {
        ALL, ONLINE, OFFLINE
    }

    /** All, online only or offline only; combined with the filter text. */
    public ObjectProperty<Shown> shownProperty() {
        return shown;
    }

    private void applyFilter() {
        String f = filter.get() == null ? "" : filter.get().trim().toLowerCase(Locale.ROOT);
        Shown which = shown.get() == null ? Shown.ALL : shown.get();
        visible.setPredicate(a -> (which == Shown.ALL || a.online() == (which == Shown.ONLINE))
                && (f.isEmpty() || a.id().toLowerCase(Locale.ROOT).contains(f)
                || String.valueOf(a.hostname()).toLowerCase(Locale.ROOT).contains(f)
                || a.labelsText().toLowerCase(Locale.ROOT).contains(f)));
        if (selected.get() != null && !visible.contains(selected.get())) {
            selected.set(null); // its files must not stay on screen under an agent list that hides it
        }
    }

    /** "118 agents online, 2 offline": the offline part only when there are some. */
    private void countStatus() {
        long online = agents.stream().filter(AgentRow::online).count();
        long offline = agents.size() - online;
        status.set(online + (online == 1 ? " agent" : " agents") + " online" + (offline > 0 ? ", " + offline + " offline" : ""));
    }

    /** Says whose files the file pane shows. */
    public ReadOnlyStringProperty filesTitleProperty() {
        return filesTitle.getReadOnlyProperty();
    }

    /** One agent connected or changed its files: its row, online. */
    void upsert(Dtos.AgentSummary a) {
        AgentRow row = new AgentRow(a.id(), true, a.connectedSince(), a.lastHeartbeat(), a.hostname(), a.agentVersion(),
                a.files().size(), a.files(), a.labels());
        replaceRow(row);
    }

    /** One agent left: its row stays, offline. */
    void markOffline(String id) {
        agents.stream().filter(r -> r.id().equals(id)).findFirst().ifPresent(old -> replaceRow(new AgentRow(old.id(), false,
                old.connectedSince(), old.lastHeartbeat(), old.hostname(), old.version(), old.fileCount(), old.files(),
                old.labels())));
    }

    private void replaceRow(AgentRow row) {
        int at = -1;
        for (int i = 0; i < agents.size(); i++) {
            if (agents.get(i).id().equals(row.id())) {
                at = i;
                break;
            }
        }
        boolean wasSelected = selected.get() != null && selected.get().id().equals(row.id());
        if (at >= 0) {
            agents.set(at, row);
        } else {
            agents.add(row);
        }
        if (wasSelected) {
            selected.set(row);
        }
        countStatus();
    }

    private void showFiles(AgentRow agent) {
        if (agent == null) {
            files.clear();
            filesTitle.set(NO_AGENT_SELECTED);
            return;
        }
        filesTitle.set("Files on " + agent.id() + (agent.online() ? "" : " (offline)"));
        files.setAll(agent.files().stream().map(f -> new FileRow(f.name(), f.size(), f.modified())).toList());
    }

    @Override
    public void close() {
        feed.close();
    }
}
