package com.remotefetch.server.hub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.remotefetch.server.testing.Await;
import com.remotefetch.server.testing.RawAgent;
import com.remotefetch.server.testing.RelayFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An agent whose socket stays open but which says nothing is dropped, not listed for minutes. */
@Timeout(30)
class SilentAgentTest {

    @Test
    void anAgentThatGoesSilentIsUnlistedAfterTheIdleTimeout() {
        try (RelayFixture relay = RelayFixture.start(c -> c.withAgentIdleTimeout(Duration.ofSeconds(1)));
             RawAgent hung = new RawAgent(relay.http(), relay.baseUrl())) {
            hung.hello("hung_agent"); // then nothing: no heartbeat, no ping, like a frozen process
            assertTrue(relay.server().hub().find("hung_agent").isPresent());
            Await.until(Duration.ofSeconds(5), () -> relay.server().hub().find("hung_agent").isEmpty(),
                    "the silent agent to be dropped");
        }
    }
}
