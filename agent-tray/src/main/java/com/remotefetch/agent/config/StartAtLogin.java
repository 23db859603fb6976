package com.remotefetch.agent.config;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an installed agent start when its user logs in, the way each OS expects, without running
 * any external command: Windows a value under {@code HKCU\...\Run} (through JNA, which the tray
 * library already brings), macOS a LaunchAgent plist, Linux an XDG autostart entry in the user's
 * folder unless the .deb already installed a system-wide one. Only for the jpackage launcher
 * ({@code jpackage.app-path}); a developer running the jar is left alone.
 */
public final class StartAtLogin {
    private static final Logger log = LoggerFactory.getLogger(StartAtLogin.class);
    static final String RUN_KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    static final String NAME = "RemoteFetch Agent";

    private StartAtLogin() {
    }

    /** Registers {@code launcher} once; returns what it did, for the log. */
    public static String ensure(String osName, Path home, Path launcher, Path systemAutostart) {
        String os = osName.toLowerCase(Locale.ROOT);
        try {
            if (os.startsWith("windows")) {
                String command = "\"" + launcher + "\"";
                if (Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, RUN_KEY, NAME)
                        && command.equals(Advapi32Util.registryGetStringValue(WinReg.HKEY_CURRENT_USER, RUN_KEY, NAME))) {
                    return "already set up";
                }
                Advapi32Util.registrySetStringValue(WinReg.HKEY_CURRENT_USER, RUN_KEY, NAME, command);
                return "set up in HKCU\\" + RUN_KEY;
            }
            if (os.startsWith("mac")) {
                return write(home.resolve("Library/LaunchAgents/com.remotefetch.agent.plist"), launchAgent(launcher));
            }
            if (Files.exists(systemAutostart)) {
                return "set up for every user by " + systemAutostart;
            }
            return write(home.resolve(".config/autostart/remotefetch-agent.desktop"), desktopEntry(launcher));
        } catch (IOException | RuntimeException | LinkageError e) {
            log.warn("cannot set the agent to start at login: {}", e.toString());
            return "not registered: " + e.getMessage();
        }
    }

    private static String write(Path file, String content) throws IOException {
        if (Files.exists(file)) {
            return "already set up (" + file + ")";
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return "set up: wrote " + file;
    }

    static String launchAgent(Path launcher) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>Label</key><string>com.remotefetch.agent</string>
                  <key>ProgramArguments</key><array><string>%s</string></array>
                  <key>RunAtLoad</key><true/>
                </dict>
                </plist>
                """.formatted(launcher.toString().replace("&", "&amp;").replace("<", "&lt;"));
    }

    static String desktopEntry(Path launcher) {
        return """
                [Desktop Entry]
                Type=Application
                Name=RemoteFetch Agent
                Comment=Shares this PC's exported files with the RemoteFetch server
                Exec="%s"
                Terminal=false
                X-GNOME-Autostart-enabled=true
                """.formatted(launcher);
    }
}
