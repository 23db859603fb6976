package com.remotefetch.admin.connect;

import java.util.prefs.Preferences;

/**
 * The server URL and admin token, remembered per user with {@link Preferences} (the OS's own
 * store: registry on Windows, plist on macOS, a file under ~/.java elsewhere). The token is never
 * logged; {@link #toString()} masks it.
 */
public record ConnectionSettings(String serverUrl, String token) {
    private static final String URL = "serverUrl";
    private static final String TOKEN = "token";

    /** Whether settings were saved before, that is whether this user has connected once. */
    public static boolean isSaved(Preferences prefs) {
        return prefs.get(URL, null) != null;
    }

    public static ConnectionSettings load(Preferences prefs) {
        return new ConnectionSettings(prefs.get(URL, "http://127.0.0.1:8080"), prefs.get(TOKEN, ""));
    }

    public void save(Preferences prefs) {
        prefs.put(URL, serverUrl);
        prefs.put(TOKEN, token == null ? "" : token);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[serverUrl=" + serverUrl + ", token=" + (token == null || token.isEmpty() ? "none" : "****") + "]";
    }
}
