package com.remotefetch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's commands say what is wrong in one sentence. */
class ServerMainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ServerMain.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aShortSecretIsOneSentenceNotAStackTrace() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "too-short");
        assertEquals(2, run("issue-agent-token", "restaurant_sf", "--agent-secret-file", secret.toString()));
        assertEquals("error: the agent secret must be at least 16 bytes\n", err.toString().replace("\r\n", "\n"));
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aTokenThatWouldAlreadyBeExpiredIsRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "a-secret-of-plenty-of-bytes");
        for (String days : new String[] {"0", "-1"}) {
            assertEquals(2, run("issue-agent-token", "restaurant_sf", "--agent-secret-file", secret.toString(),
                    "--valid-days", days));
        }
        assertTrue(err.toString().contains("--valid-days must be 1 or more"), err.toString());
        assertEquals("", out.toString());
        assertEquals(0, run("issue-agent-token", "restaurant_sf", "--agent-secret-file", secret.toString(),
                "--valid-days", "1"));
        assertTrue(out.toString().startsWith("rfa1.restaurant_sf.1."), out.toString());
    }
}
