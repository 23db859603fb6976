package com.remotefetch.admin.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.admin.api.ApiClient;
import com.remotefetch.admin.secrets.MemoryKeychain;
import com.remotefetch.admin.secrets.TokenStore;
import com.remotefetch.server.auth.AdminTokens;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.testing.RelayFixture;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final MemoryKeychain keychain = new MemoryKeychain();
    private RelayFixture relay;
    private ConnectViewModel vm;

    @BeforeEach
    void setUp() throws IOException {
        relay = RelayFixture.startSecure(new SecurityConfig(null, AdminTokens.load("right-token", null), false), null, null, c -> c);
        vm = viewModel(keychain);
        vm.serverUrlProperty().set(relay.baseUrl());
    }

    private ConnectViewModel viewModel(TokenStore tokens) {
        return new ConnectViewModel(prefs, tokens,
                s -> new ApiClient(http, new Moshi.Builder().build(), s.serverUrl(), s.token()), Runnable::run, Runnable::run);
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
        assertEquals("That is not a server address: http://not a url", vm.messageProperty().get());
    }

    @Test
    void connectWithAWrongTokenStaysOnThisScreenAndRemembersNothing() {
        List<ConnectionSettings> opened = new ArrayList<>();
        vm.tokenProperty().set("wrong-token");
        vm.connect(opened::add);
        assertEquals(List.of(), opened);
        assertEquals("The server refused the credentials.", vm.messageProperty().get());
        assertFalse(vm.remembered());
    }

    @Test
    void anAddressWithoutSchemeMeansHttpAndConnects() {
        List<ConnectionSettings> opened = new ArrayList<>();
        vm.serverUrlProperty().set(relay.baseUrl().substring("http://".length()));
        vm.tokenProperty().set("right-token");
        vm.connect(opened::add);
        assertEquals(List.of(relay.baseUrl()), opened.stream().map(ConnectionSettings::serverUrl).toList());
        assertEquals(relay.baseUrl(), ConnectionSettings.load(prefs, keychain).serverUrl());
    }

    @Test
    void acceptedSettingsAreRememberedAndTheTokenIsNeverPrinted() {
        vm.tokenProperty().set("right-token");
        ConnectionSettings saved = vm.accept();
        ConnectionSettings loaded = ConnectionSettings.load(prefs, keychain);
        assertEquals(saved, loaded);
        assertEquals(relay.baseUrl(), loaded.serverUrl());
        assertFalse(loaded.toString().contains("right-token"), loaded.toString());
    }

    @Test
    void theTokenGoesToTheKeychainAndNeverToThePreferences() throws BackingStoreException {
        prefs.put("token", "an-older-version-kept-it-here");
        vm.tokenProperty().set("right-token");
        vm.accept();
        assertEquals(Map.of(relay.baseUrl(), "right-token"), keychain.contents());
        assertNull(prefs.get("token", null), "the plain copy of an older version is gone");
        for (String key : prefs.keys()) {
            assertFalse(prefs.get(key, "").contains("right-token"), key);
        }
        assertEquals("right-token", viewModel(keychain).tokenProperty().get(), "the next start finds it");
        assertEquals("The token is remembered in the test keychain.", vm.tokenStorage());
    }

    @Test
    void anotherServerTakesItsTokenAlongAndTheOldOneIsForgotten() {
        vm.tokenProperty().set("right-token");
        vm.accept();
        vm.serverUrlProperty().set("https://relay.example.com");
        vm.tokenProperty().set("other-token");
        vm.accept();
        assertEquals(Map.of("https://relay.example.com", "other-token"), keychain.contents());
    }

    @Test
    void withoutAKeychainTheTokenIsStillRemembered() {
        ConnectViewModel noKeychain = viewModel(TokenStore.NONE);
        noKeychain.tokenProperty().set("right-token");
        noKeychain.accept();
        assertEquals("right-token", prefs.get("token", null));
        assertEquals("right-token", viewModel(TokenStore.NONE).tokenProperty().get());
        assertEquals("No keychain found: the token is remembered in your user settings.", noKeychain.tokenStorage());
    }

    @Test
    void rememberedSettingsReconnectWithoutAClickAndRefusalsStayOnThisScreen() {
        assertFalse(vm.remembered(), "a first start asks");
        vm.tokenProperty().set("right-token");
        vm.accept();

        ConnectViewModel nextStart = viewModel(keychain);
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
