package com.remotefetch.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.remotefetch.server.testing.RedisServer;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestSecurity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins count across the instances: spreading guesses over them gains nothing. */
@Timeout(60)
class ClusterLoginLimitsTest {
    @TempDir
    Path dir;

    private RedisServer redis;
    private final List<RelayFixture> instances = new ArrayList<>();
    private final OkHttpClient http = new OkHttpClient();

    @AfterEach
    void tearDown() {
        instances.forEach(RelayFixture::close);
        if (redis != null) {
            redis.close();
        }
        http.dispatcher().executorService().shutdown();
    }

    private int status(RelayFixture instance, String token) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(instance.baseUrl() + "/api/clients")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            return r.code();
        }
    }

    @Test
    void tenGuessesSpreadOverThreeInstancesMeet429OnAnyOfThem() throws IOException {
        redis = RedisServer.start();
        for (int i = 0; i < 3; i++) {
            instances.add(RelayFixture.startClustered(ClusterConfig.of(redis.url(), null, "cluster-secret-for-tests",
                    "instance-" + i), TestSecurity.config(dir, TestSecurity.agentTokens(dir))));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(401, status(instances.get(i % 3), "guess-" + i));
        }
        for (RelayFixture instance : instances) {
            assertEquals(429, status(instance, "guess-again"), instance.baseUrl());
        }
        assertEquals(200, status(instances.get(0), TestSecurity.ADMIN_TOKEN), "the right token still gets through");
    }
}
