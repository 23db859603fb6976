package com.remotefetch.admin.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.server.auth.AdminTokens;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.testing.RelayFixture;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectViewModelTest {
    private final OkHttpClient http = new OkHttpClient();
    private final Preferences prefs = Preferences.userRoot().node("com/remotefetch/test/" + UUID.randomUUID());
    private RelayFixture relay;
    private ConnectViewModel vm;

    @BeforeEach
    void setUp() throws IOException {
        relay = RelayFixture.startSecure(new SecurityConfig(null, AdminTokens.load("right-token", null), false), null, null, c -> c);
        vm = new ConnectViewModel(prefs, s -> new ApiClient(http, new Moshi.Builder().build(), s.serverUrl(), s.token()),
                Runnable::run, Runnable::run);
        vm.serverUrlProperty().set(relay.baseUrl());
    }

    @AfterEach
    void tearDown() throws BackingStoreException {
        relay.close();
        prefs.removeNode();
        http.dispatcher().executorService().shutdown();
    }

    @Test
    void testConnectionSaysWhatHappenedInPlainWords() {
        vm.tokenProperty().set("wrong-token");
        vm.testConnection();
        assertEquals("The server refused the credentials.", vm.messageProperty().get());
        vm.tokenProperty().set("right-token");
        vm.testConnection();
        assertEquals("Connected: 0 agents online.", vm.messageProperty().get());
        assertFalse(vm.busyProperty().get());
        vm.serverUrlProperty().set("not a url");
        vm.testConnection();
        assertEquals("That is not a server address: not a url", vm.messageProperty().get());
    }

    @Test
    void acceptedSettingsAreRememberedAndTheTokenIsNeverPrinted() {
        vm.tokenProperty().set("right-token");
        ConnectionSettings saved = vm.accept();
        ConnectionSettings loaded = ConnectionSettings.load(prefs);
        assertEquals(saved, loaded);
        assertEquals(relay.baseUrl(), loaded.serverUrl());
        assertFalse(loaded.toString().contains("right-token"), loaded.toString());
    }

    @Test
    void rememberedSettingsReconnectWithoutAClickAndRefusalsStayOnThisScreen() {
        assertFalse(vm.remembered(), "a first start asks");
        vm.tokenProperty().set("right-token");
        vm.accept();

        ConnectViewModel nextStart = new ConnectViewModel(prefs,
                s -> new ApiClient(http, new Moshi.Builder().build(), s.serverUrl(), s.token()), Runnable::run, Runnable::run);
        assertTrue(nextStart.remembered());
        List<ConnectionSettings> opened = new ArrayList<>();
        nextStart.reconnect(opened::add);
        assertEquals(List.of(new ConnectionSettings(relay.baseUrl(), "right-token")), opened);

        nextStart.tokenProperty().set("revoked-token");
        nextStart.reconnect(opened::add);
        assertEquals(1, opened.size(), "a refused token does not open the main window");
        assertEquals("The server refused the credentials.", nextStart.messageProperty().get());
    }
}
