package com.remotefetch.admin.cli;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import com.remotefetch.server.testing.TestFiles;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** collect over a labelled fleet of real agents: the right files, the right summary, --resume. */
@Timeout(60)
@ExtendWith(RelayExtension.class)
class CollectTest {
    @TempDir
    Path dir;

    private RelayFixture relay;
    private Agent closedForTheNight;
    private final OkHttpClient http = new OkHttpClient();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp(RelayFixture relay) throws IOException {
        this.relay = relay;
        for (int i = 1; i <= 6; i++) {
            Path shared = Files.createDirectories(dir.resolve("agent" + i));
            if (i != 3) { // restaurant_3 has not exported its sales yet
                TestFiles.random(shared, "sales.csv", 50_000 + i, i);
            }
            Agent agent = relay.agent(relay.agentConfig("restaurant_" + i, List.of(), List.of(shared))
                    .withLabels(Map.of("region", i <= 4 ? "west" : "east", "brand", "pizza")));
            if (i == 4) {
                closedForTheNight = agent;
            }
        }
        closedForTheNight.close(); // restaurant_4 is known to the server, and offline
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_4").isEmpty(), "restaurant_4 to go offline");
    }

    @AfterEach
    void tearDown() {
        http.dispatcher().executorService().shutdown();
    }

    private int collect(String... more) {
        String[] args = {"--server", relay.baseUrl(), "collect", "--select", "region=west", "--file", "sales.csv",
                "-o", dir.resolve("out").toString()};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return new AdminCli(http, new Moshi.Builder().build()).commandLine()
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
    }

    @Test
    void collectsFromTheSelectedAgentsSaysWhoFailedAndResumeCompletesOnlyTheMissingOne() throws IOException {
        assertEquals(ExitCode.SOME_FAILED, collect("--parallel", "3"), err.toString());
        for (int i : new int[] {1, 2}) {
            assertEquals(TestFiles.sha256(dir.resolve("agent" + i + "/sales.csv")),
                    TestFiles.sha256(dir.resolve("out/restaurant_" + i + "/sales.csv")));
        }
        assertFalse(Files.exists(dir.resolve("out/restaurant_5")), "east was not selected");
        assertTrue(out.toString().contains("restaurant_3") && out.toString().contains("FAILED")
                && out.toString().contains("does not share that file"), out.toString());
        assertTrue(out.toString().matches("(?s).*restaurant_4 +offline +not attempted; last seen 20\\d\\d-.*"), out.toString());
        assertFalse(Files.exists(dir.resolve("out/restaurant_4")), "nothing is made up for an offline agent");
        assertTrue(err.toString().contains("2 of 3 connected agents delivered a verified file; 1 offline"), err.toString());

        Path collected = dir.resolve("out/restaurant_1/sales.csv");
        FileTime before = Files.getLastModifiedTime(collected);
        TestFiles.random(dir.resolve("agent3"), "sales.csv", 40_000, 33);
        Await.until(RelayFixture.WAIT, () -> relay.server().hub().find("restaurant_3").orElseThrow().sharesFile("sales.csv"),
                "restaurant_3 to announce its export");
        out.getBuffer().setLength(0);
        assertEquals(ExitCode.OK, collect("--resume"), err.toString());
        assertEquals(TestFiles.sha256(dir.resolve("agent3/sales.csv")), TestFiles.sha256(dir.resolve("out/restaurant_3/sales.csv")));
        assertEquals(before, Files.getLastModifiedTime(collected), "what was collected is not fetched again");
        assertTrue(out.toString().contains("already collected"), out.toString());
    }

    @Test
    void agentsShowTheirLabels() {
        int code = new AdminCli(http, new Moshi.Builder().build()).commandLine()
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("--server", relay.baseUrl(), "agents");
        assertEquals(0, code);
        assertTrue(out.toString().contains("brand=pizza,region=east"), out.toString());
    }
}
