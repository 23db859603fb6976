package com.remotefetch.admin;

import com.remotefetch.admin.cli.AdminCli;
import com.squareup.moshi.Moshi;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** Entry point: builds the process's one OkHttp client and Moshi, then runs the command line. */
public final class AdminMain {
    private AdminMain() {
    }

    public static void main(String[] args) {
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
