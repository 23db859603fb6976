package com.remotefetch.server.hub;

import org.junit.jupiter.api.extension.ExtendWith;
import com.remotefetch.server.testing.RelayExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RelayFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two computers configured with one id: the newest wins once, and the other stops competing. */
@Timeout(30)
@ExtendWith(RelayExtension.class)
class DuplicateIdTest {
    @TempDir
    Path dir;


    @Test
    void theReplacedAgentSaysWhyAndBacksOffForMinutesInsteadOfFlapping(RelayFixture relay) throws IOException {
        Agent first = relay.agent("restaurant_sf", Files.writeString(dir.resolve("a.txt"), "first"));
        Agent second = relay.agent("restaurant_sf", Files.writeString(dir.resolve("b.txt"), "second"));

        Await.until(RelayFixture.WAIT, () -> first.state().current().status() == AgentState.Status.ID_CONFLICT,
                "the replaced agent to know why");
        AgentState replaced = first.state().current();
        assertTrue(replaced.detail().contains("another computer connected with the id restaurant_sf"), replaced.detail());
        assertTrue(replaced.nextRetryAt().isAfter(Instant.now().plus(Duration.ofMinutes(4))),
                "no quick retry that would replace the other in turn: " + replaced.nextRetryAt());

        AgentSession live = relay.server().hub().find("restaurant_sf").orElseThrow();
        assertTrue(second.state().current().online());
        assertSame(live, relay.server().hub().find("restaurant_sf").orElseThrow());
        assertEquals(1, relay.server().hub().replacements());
        String metrics = relay.server().metrics().scrape();
        assertTrue(metrics.contains("remotefetch_agents_replaced_total 1.0"), "counted for the operator: " + metrics);
    }
}
