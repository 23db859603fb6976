package com.remotefetch.admin.connect;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.api.ApiException;
import com.remotefetch.admin.secrets.TokenStore;
import com.remotefetch.admin.api.Failure;
import com.remotefetch.admin.ui.UiDispatcher;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connect dialog: server URL and token, "Test connection", remembered for next time. */
public final class ConnectViewModel {
    private static final Logger log = LoggerFactory.getLogger(ConnectViewModel.class);
    private final StringProperty serverUrl = new SimpleStringProperty();
    private final StringProperty token = new SimpleStringProperty();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final Preferences prefs;
    private final TokenStore tokens;
    private final Function<ConnectionSettings, ApiClient> clients;
    private final Executor background;
    private final UiDispatcher ui;

    public ConnectViewModel(Preferences prefs, TokenStore tokens, Function<ConnectionSettings, ApiClient> clients,
                            Executor background, UiDispatcher ui) {
        this.prefs = prefs;
        this.tokens = tokens;
        this.clients = clients;
        this.background = background;
        this.ui = ui;
        ConnectionSettings saved = ConnectionSettings.load(prefs, tokens);
        serverUrl.set(saved.serverUrl());
        token.set(saved.token());
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Where a remembered token is kept, in words for under the token field. */
    public String tokenStorage() {
        return tokens == TokenStore.NONE
                ? "No keychain found: the token is remembered in your user settings."
                : "The token is remembered in the " + tokens.displayName() + ".";
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** What the fields say; an address typed without a scheme ({@code host:8080}) means plain HTTP. */
    public ConnectionSettings settings() {
        String url = serverUrl.get() == null ? "" : serverUrl.get().trim();
        if (!url.isEmpty() && !url.contains("://")) {
            url = "http://" + url;
        }
        return new ConnectionSettings(url, token.get() == null ? "" : token.get().trim());
    }

    /** Whether the admin connected before, so the app can go straight on with {@link #reconnect}. */
    public boolean remembered() {
        return ConnectionSettings.isSaved(prefs);
    }

    /** Lists the agents once; the message says how it went, in plain words. */
    public void testConnection() {
        check(settings(), s -> { });
    }

    /**
     * Tries the remembered settings and, if the server answers, hands them to {@code onReady} on
     * the UI thread; otherwise the message says why and the admin fixes it on this screen.
     */
    public void reconnect(Consumer<ConnectionSettings> onReady) {
        check(settings(), onReady);
    }

    private void check(ConnectionSettings s, Consumer<ConnectionSettings> onSuccess) {
        busy.set(true);
        message.set("Connecting to " + s.serverUrl() + "…");
        background.execute(() -> {
            String result;
            boolean ok = false;
            try {
                int n = clients.apply(s).clients().count();
                result = "Connected: " + n + (n == 1 ? " agent" : " agents") + " online.";
                ok = true;
            } catch (ApiException | IOException e) {
                result = Failure.of(e, "the agent").sentence();
            } catch (IllegalArgumentException e) {
                result = "That is not a server address: " + s.serverUrl();
            }
            String done = result;
            boolean connected = ok;
            ui.dispatch(() -> {
                message.set(done);
                busy.set(false);
                if (connected) {
                    onSuccess.accept(s);
                }
            });
        });
    }

    /**
     * Connect: checks the server answers and accepts the token first, and only then remembers the
     * settings and hands them to {@code onReady}; a failure stays on this screen, said in plain words.
     */
    public void connect(Consumer<ConnectionSettings> onReady) {
        check(settings(), s -> onReady.accept(accept()));
    }

    /** Remembers the settings (the token in the OS keychain where there is one) and returns them for the main window. */
    public ConnectionSettings accept() {
        ConnectionSettings s = settings();
        boolean inKeychain = s.save(prefs, tokens);
        if (!s.token().isEmpty()) {
            log.info("admin token for {} kept in {}", s.serverUrl(), inKeychain ? tokens : "this user's preferences (" + tokens + ")");
        }
        return s;
    }
}
