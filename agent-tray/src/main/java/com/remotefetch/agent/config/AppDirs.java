package com.remotefetch.agent.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where each OS keeps a user's configuration and logs: Windows {@code %APPDATA%\RemoteFetch} and
 * {@code %LOCALAPPDATA%\RemoteFetch\logs}; macOS {@code ~/Library/Application Support/RemoteFetch}
 * and {@code ~/Library/Logs/RemoteFetch}; elsewhere {@code $XDG_CONFIG_HOME/remotefetch} and
 * {@code $XDG_STATE_HOME/remotefetch/logs}.
 */
public record AppDirs(Path configDir, Path logDir) {

    public static AppDirs forCurrentUser() {
        return of(System.getProperty("os.name", ""), System.getenv(), home(System.getenv(), System.getProperty("user.home")));
    }

    /**
     * The user's home folder: {@code $HOME} where it is set (as the original agent read
     * {@code ~/file_to_download.txt}, and as shells and service managers set it), else what Java
     * takes from the user database.
     */
    public static Path home(Map<String, String> env, String userHome) {
        return dir(env, "HOME", Path.of(userHome));
    }

    public static AppDirs of(String osName, Map<String, String> env, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = dir(env, "APPDATA", home.resolve("AppData").resolve("Roaming"));
            Path local = dir(env, "LOCALAPPDATA", home.resolve("AppData").resolve("Local"));
            return new AppDirs(roaming.resolve("RemoteFetch"), local.resolve("RemoteFetch").resolve("logs"));
        }
        if (os.startsWith("mac")) {
            Path library = home.resolve("Library");
            return new AppDirs(library.resolve("Application Support").resolve("RemoteFetch"),
                    library.resolve("Logs").resolve("RemoteFetch"));
        }
        Path config = dir(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path state = dir(env, "XDG_STATE_HOME", home.resolve(".local").resolve("state"));
        return new AppDirs(config.resolve("remotefetch"), state.resolve("remotefetch").resolve("logs"));
    }

    public Path configFile() {
        return configDir.resolve("agent.properties");
    }

    private static Path dir(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }
}
