package com.remotefetch.admin.connect;

import com.remotefetch.admin.secrets.TokenStore;
import java.util.prefs.Preferences;

/**
 * The server URL and admin token, remembered per user. The URL goes to {@link Preferences}; the
 * token goes to the OS keychain ({@link TokenStore}) where there is one, and only where there is
 * none to the preferences (registry on Windows, plist on macOS, a file under ~/.java elsewhere).
 * The token is never logged; {@link #toString()} masks it.
 */
public record ConnectionSettings(String serverUrl, String token) {
    private static final String URL = "serverUrl";
    private static final String TOKEN = "token";
    private static final String IN_KEYCHAIN = "tokenInKeychain";

    /** Whether settings were saved before, that is whether this user has connected once. */
    public static boolean isSaved(Preferences prefs) {
        return prefs.get(URL, null) != null;
    }

    public static ConnectionSettings load(Preferences prefs, TokenStore tokens) {
        String url = prefs.get(URL, "http://127.0.0.1:8080");
        String token = prefs.getBoolean(IN_KEYCHAIN, false) ? tokens.load(url).orElse("") : prefs.get(TOKEN, "");
        return new ConnectionSettings(url, token);
    }

    /** Saves, and says where the token went: true for the keychain, false for the preferences. */
    public boolean save(Preferences prefs, TokenStore tokens) {
        String previousUrl = prefs.get(URL, null);
        if (previousUrl != null && !previousUrl.equals(serverUrl) && prefs.getBoolean(IN_KEYCHAIN, false)) {
            tokens.delete(previousUrl);
        }
        prefs.put(URL, serverUrl);
        if (token == null || token.isEmpty()) {
            tokens.delete(serverUrl);
            prefs.remove(TOKEN);
            prefs.remove(IN_KEYCHAIN);
            return false;
        }
        if (tokens.save(serverUrl, token)) {
            prefs.remove(TOKEN); // a token an older version kept in the preferences goes away
            prefs.putBoolean(IN_KEYCHAIN, true);
            return true;
        }
        prefs.put(TOKEN, token);
        prefs.putBoolean(IN_KEYCHAIN, false);
        return false;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[serverUrl=" + serverUrl + ", token=" + (token == null || token.isEmpty() ? "none" : "****") + "]";
    }
}
