package com.remotefetch.admin.desktop;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.prefs.Preferences;
import javafx.application.Application;

/** Light or dark, applied to the whole app and remembered for the next start. FX thread only. */
final class Theme {
    private static final String KEY = "theme.dark";
    private final Preferences prefs;

    Theme(Preferences prefs) {
        this.prefs = prefs;
    }

    boolean dark() {
        return prefs.getBoolean(KEY, false);
    }

    void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        prefs.putBoolean(KEY, dark);
    }
}
