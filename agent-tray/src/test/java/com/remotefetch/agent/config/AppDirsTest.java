package com.remotefetch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppDirsTest {
    private final Path home = Path.of("/home/pat");

    @Test
    void windowsUsesAppDataAndLocalAppData() {
        AppDirs dirs = AppDirs.of("Windows 11", Map.of("APPDATA", "/users/pat/AppData/Roaming",
                "LOCALAPPDATA", "/users/pat/AppData/Local"), home);
        assertEquals(Path.of("/users/pat/AppData/Roaming/RemoteFetch/agent.properties"), dirs.configFile());
        assertEquals(Path.of("/users/pat/AppData/Local/RemoteFetch/logs"), dirs.logDir());
    }

    @Test
    void macUsesLibrary() {
        AppDirs dirs = AppDirs.of("Mac OS X", Map.of(), home);
        assertEquals(home.resolve("Library/Application Support/RemoteFetch"), dirs.configDir());
        assertEquals(home.resolve("Library/Logs/RemoteFetch"), dirs.logDir());
    }

    @Test
    void linuxFollowsXdgWithDefaults() {
        assertEquals(home.resolve(".config/remotefetch"), AppDirs.of("Linux", Map.of(), home).configDir());
        assertEquals(home.resolve(".local/state/remotefetch/logs"), AppDirs.of("Linux", Map.of(), home).logDir());
        AppDirs xdg = AppDirs.of("Linux", Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_STATE_HOME", "/state"), home);
        assertEquals(Path.of("/cfg/remotefetch"), xdg.configDir());
        assertEquals(Path.of("/state/remotefetch/logs"), xdg.logDir());
    }

    @Test
    void homeIsTheHomeVariableWhereItIsSet() {
        assertEquals(Path.of("/srv/restaurant"), AppDirs.home(Map.of("HOME", "/srv/restaurant"), "/home/pos"));
        assertEquals(Path.of("/home/pos"), AppDirs.home(Map.of(), "/home/pos"));
        assertEquals(Path.of("/home/pos"), AppDirs.home(Map.of("HOME", " "), "/home/pos"));
    }
}
