package com.remotefetch.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.auth.AdminTokens;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.testing.RelayFixture;
import com.squareup.moshi.Moshi;
import java.io.PrintWriter;
import java.io.StringWriter;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AdminCliAuthTest {
    @Test
    void refusedCredentialsExit10AndTheRightTokenWorks() throws Exception {
        SecurityConfig security = new SecurityConfig(null, AdminTokens.load("s3cret-admin-token", null), false);
        OkHttpClient http = new OkHttpClient();
        try (RelayFixture relay = RelayFixture.startSecure(security, null, null, c -> c)) {
            StringWriter err = new StringWriter();
            int refused = new AdminCli(http, new Moshi.Builder().build()).commandLine().setErr(new PrintWriter(err, true))
                    .execute("--server", relay.baseUrl(), "--token", "guess", "list");
            assertEquals(ExitCode.AUTH, refused);
            assertTrue(err.toString().contains("missing, invalid or revoked admin token"), err.toString());

            StringWriter out = new StringWriter();
            int ok = new AdminCli(http, new Moshi.Builder().build()).commandLine().setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(new StringWriter(), true))
                    .execute("--server", relay.baseUrl(), "--token", "s3cret-admin-token", "list");
            assertEquals(ExitCode.OK, ok);
        } finally {
            http.dispatcher().executorService().shutdown();
        }
    }
}
