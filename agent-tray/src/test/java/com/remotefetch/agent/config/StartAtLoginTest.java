package com.remotefetch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macOS and Linux registration are plain files and are checked here; Windows needs a Windows machine. */
class StartAtLoginTest {
    @TempDir
    Path home;

    private final Path launcher = Path.of("/opt/remotefetch-agent/bin/remotefetch-agent");

    @Test
    void macOsGetsALaunchAgentOnce() throws IOException {
        String first = StartAtLogin.ensure("Mac OS X", home, launcher, home.resolve("none"));
        Path plist = home.resolve("Library/LaunchAgents/com.remotefetch.agent.plist");
        assertEquals("set up: wrote " + plist, first);
        assertTrue(Files.readString(plist).contains("<string>" + launcher + "</string>"));
        assertTrue(StartAtLogin.ensure("Mac OS X", home, launcher, home.resolve("none")).startsWith("already"));
    }

    @Test
    void linuxWritesAUserAutostartEntryUnlessTheSystemHasOne() throws IOException {
        Path system = home.resolve("etc/xdg/autostart/remotefetch-agent.desktop");
        Files.createDirectories(system.getParent());
        Files.writeString(system, "x");
        assertTrue(StartAtLogin.ensure("Linux", home, launcher, system).startsWith("set up for every user by"));
        Files.delete(system);
        StartAtLogin.ensure("Linux", home, launcher, system);
        String entry = Files.readString(home.resolve(".config/autostart/remotefetch-agent.desktop"));
        assertTrue(entry.contains("Exec=\"" + launcher + "\""), entry);
    }
}
