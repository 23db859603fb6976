package com.remotefetch.admin.desktop;

import javafx.application.Application;

/** Starts the JavaFX app from the class path (a main class extending Application cannot). */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(DesktopApp.class, args);
    }
}
