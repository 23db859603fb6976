package com.remotefetch.admin.history;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.ApiException;
import com.remotefetch.admin.api.Dtos;
import com.remotefetch.admin.api.Failure;
import com.remotefetch.admin.ui.UiDispatcher;
import com.remotefetch.client.ByteSizes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The History window: who fetched what from which agent, newest first, as the server's audit
 * recorded it ({@code /api/transfers}); filtered by agent, admin, failures and time, loaded in the background.
 */
public final class HistoryViewModel {
    /** The most records one load shows. */
    public static final int LIMIT = 500;

    /** One row: a download attempt. */
    public record Row(Instant time, String admin, String agent, String file, long bytes, String result, int status,
                      long durationMillis, String address) {
        static Row of(Dtos.TransferRecord t) {
            return new Row(Instant.parse(t.time()), t.admin(), t.agent(), t.file() == null ? "default file" : t.file(),
                    t.bytes(), t.result(), t.status(), t.durationMillis(), t.remoteAddress());
        }

        public String bytesText() {
            return ByteSizes.bytes(bytes);
        }

        public String durationText() {
            return durationMillis < 1000 ? durationMillis + " ms" : String.format(Locale.ROOT, "%.1f s", durationMillis / 1000.0);
        }
    }

    private final ApiClient api;
    private final Clock clock;
    private final Executor background;
    private final UiDispatcher ui;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final StringProperty agent = new SimpleStringProperty("");
    private final StringProperty admin = new SimpleStringProperty("");
    private final BooleanProperty failedOnly = new SimpleBooleanProperty(false);
    private final ObjectProperty<Period> period = new SimpleObjectProperty<>(Period.ANY_TIME);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public HistoryViewModel(ApiClient api, Executor background, UiDispatcher ui) {
        this(api, background, ui, Clock.systemUTC());
    }

    HistoryViewModel(ApiClient api, Executor background, UiDispatcher ui, Clock clock) {
        this.clock = clock;
        this.api = api;
        this.background = background;
        this.ui = ui;
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** Only this agent's downloads (exact id), or all when empty. */
    public StringProperty agentProperty() {
        return agent;
    }

    public StringProperty adminProperty() {
        return admin;
    }

    public BooleanProperty failedOnlyProperty() {
        return failedOnly;
    }

    /** How far back the history goes. */
    public enum Period {
        ANY_TIME(null, "Any time"), LAST_HOUR(Duration.ofHours(1), "Last hour"), LAST_DAY(Duration.ofDays(1), "Last 24 hours"),
        LAST_WEEK(Duration.ofDays(7), "Last 7 days");

        private final Duration span;
        private final String label;

        Period(Duration span, String label) {
            this.span = span;
            this.label = label;
        }

        /** The earliest time shown, or null for all the server keeps. */
        Instant since(Clock clock) {
            return span == null ? null : clock.instant().minus(span);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public ObjectProperty<Period> periodProperty() {
        return period;
    }

    /** "Loading…", "42 downloads", or what went wrong in plain words. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Loads the newest records that match the filters. */
    public void load() {
        String a = blankToNull(agent.get());
        String who = blankToNull(admin.get());
        String result = failedOnly.get() ? "failed" : null;
        Instant since = (period.get() == null ? Period.ANY_TIME : period.get()).since(clock);
        status.set("Loading…");
        background.execute(() -> {
            try {
                Dtos.TransferPage page = api.transfers(a, who, result, since, LIMIT);
                var loaded = page.transfers().stream().map(Row::of).toList();
                ui.dispatch(() -> {
                    rows.setAll(loaded);
                    status.set(loaded.isEmpty() ? "No downloads match." : loaded.size() + (loaded.size() == 1 ? " download"
                            : " downloads") + (loaded.size() == LIMIT ? " (the newest " + LIMIT + ")" : ""));
                });
            } catch (IOException | ApiException e) {
                ui.dispatch(() -> status.set(Failure.of(e, a == null ? "the server" : a).sentence()));
            }
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
