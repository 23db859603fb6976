package com.remotefetch.admin;

import com.remotefetch.admin.desktop.DesktopLauncher;
import java.awt.GraphicsEnvironment;
import com.remotefetch.admin.cli.AdminCli;
import com.squareup.moshi.Moshi;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** Entry point: the desktop app, or the command line on the process's one OkHttp client and Moshi. */
public final class AdminMain {
    private AdminMain() {
    }

    /** No arguments (or "gui"): the desktop app; anything else: the command line. */
    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("gui"))) {
            if (!GraphicsEnvironment.isHeadless()) {
                DesktopLauncher.main(new String[0]);
                return;
            }
            System.err.println("No display for the desktop app; the command line is below.");
            System.exit(run("--help"));
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .build();
        try {
            return new AdminCli(http, new Moshi.Builder().build()).commandLine().execute(args);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
