package com.remotefetch.admin.agents;

import com.remotefetch.client.ByteSizes;
import com.remotefetch.admin.api.AgentFeed;
import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.ApiException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.remotefetch.admin.api.Dtos;
import com.remotefetch.admin.ui.UiDispatcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
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
 * Agents that leave stay in the table as offline; agents the server remembers are listed offline
 * with when it last saw them.
 */
public final class AgentsViewModel implements AutoCloseable {

    /** One row of the agents table. */
    public record AgentRow(String id, boolean online, String connectedSince, String lastHeartbeat, String hostname,
                           String version, int fileCount, List<Dtos.RemoteFile> files, Map<String, String> labels,
                           String lastSeen) {
        static AgentRow of(Dtos.AgentSummary a) {
            return new AgentRow(a.id(), a.isOnline(), a.connectedSince(), a.lastHeartbeat(), a.hostname(),
                    a.agentVersion(), a.files().size(), a.files(), a.labels(), a.lastSeen());
        }

        /** The same agent, offline since {@code when} (ISO-8601). */
        AgentRow offlineSince(String when) {
            return new AgentRow(id, false, connectedSince, lastHeartbeat, hostname, version, fileCount, files, labels,
                    lastSeen != null && !online ? lastSeen : when);
        }

        /** When it was last connected: now for a connected agent. */
        public Instant seen(Instant now) {
            return online ? now : parse(lastSeen != null ? lastSeen : lastHeartbeat);
        }

        public Instant since() {
            return online ? parse(connectedSince) : null;
        }

        /** "brand=pizza, region=west" */
        public String labelsText() {
            return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                    .reduce((a, b) -> a + ", " + b).orElse("");
        }

        public String onlineText() {
            return online ? "online" : "offline";
        }
    }

    private static Instant parse(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One row of the files table. */
    public record FileRow(String name, long size, String modified) {
        public String sizeText() {
            return ByteSizes.bytes(size);
        }

        public Instant modifiedAt() {
            return parse(modified);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AgentsViewModel.class);

    private final UiDispatcher ui;
    private final Clock clock;
    private final ObservableList<AgentRow> agents = FXCollections.observableArrayList();
    private final FilteredList<AgentRow> visible = new FilteredList<>(agents, a -> true);
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final ObservableList<AgentRow> chosen = FXCollections.observableArrayList();
    private final StringBinding collectText = Bindings.createStringBinding(() -> {
        int n = collectTargets().size();
        return n == 0 ? "Collect file…" : "Collect file from " + n + (n == 1 ? " agent…" : " agents…");
    }, chosen, visible);
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
        this(api, ui, scheduler, minBackoff, silence, Clock.systemUTC());
    }

    AgentsViewModel(ApiClient api, UiDispatcher ui, ScheduledExecutorService scheduler, Duration minBackoff,
                    Duration silence, Clock clock) {
        this.ui = ui;
        this.clock = clock;
        this.feed = new AgentFeed(api, scheduler, minBackoff, Duration.ofSeconds(30), silence, new AgentFeed.Listener() {
            @Override
            public void agents(Dtos.AgentList list) {
                ui.dispatch(() -> update(list));
                scheduler.execute(() -> loadKnown(api));
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

    /** Asks the server which agents it knows that are offline; a server too old to say is left alone. */
    private void loadKnown(ApiClient api) {
        try {
            List<Dtos.AgentSummary> offline = api.agents(null, "offline").agents();
            ui.dispatch(() -> known(offline));
        } catch (IOException | ApiException e) {
            log.debug("no known agents from the server: {}", e.toString());
        }
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
        String now = clock.instant().toString();
        for (AgentRow old : agents) {
            byId.put(old.id(), old.online() ? old.offlineSince(now) : old);
        }
        for (Dtos.AgentSummary a : list.agents()) {
            byId.put(a.id(), AgentRow.of(a));
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

    /** The rows selected in the table (several with Shift or Ctrl); the view keeps it in step. */
    public ObservableList<AgentRow> chosen() {
        return chosen;
    }

    /** The agents a collect job takes: the chosen rows, or, when none is chosen, every row the filter shows. */
    public List<AgentRow> collectTargets() {
        return List.copyOf(chosen.isEmpty() ? visible : chosen);
    }

    /** "Collect file from 3 agents…" */
    public StringBinding collectTextBinding() {
        return collectText;
    }

    /** The file names the agents share, the most widely shared first, then by name. */
    public static List<String> sharedFileNames(List<AgentRow> targets) {
        Map<String, Integer> counts = new HashMap<>();
        for (AgentRow a : targets) {
            for (Dtos.RemoteFile f : a.files()) {
                counts.merge(f.name(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    /** Says whose files the file pane shows. */
    public ReadOnlyStringProperty filesTitleProperty() {
        return filesTitle.getReadOnlyProperty();
    }

    /** One agent connected or changed its files: its row, online. */
    void upsert(Dtos.AgentSummary a) {
        replaceRow(AgentRow.of(a));
    }

    /**
     * The agents the server knows but that are offline, with when it last saw them; agents the
     * table already shows online stay as they are.
     */
    void known(List<Dtos.AgentSummary> offline) {
        for (Dtos.AgentSummary a : offline) {
            if (!a.isOnline() && agents.stream().noneMatch(r -> r.id().equals(a.id()) && r.online())) {
                replaceRow(AgentRow.of(a));
            }
        }
    }

    /** One agent left: its row stays, offline. */
    void markOffline(String id) {
        String now = clock.instant().toString();
        agents.stream().filter(r -> r.id().equals(id)).findFirst().ifPresent(old -> replaceRow(old.offlineSince(now)));
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
