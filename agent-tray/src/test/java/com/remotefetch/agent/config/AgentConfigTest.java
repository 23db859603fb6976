package com.remotefetch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigTest {
    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8080, ws://127.0.0.1:8080/ws/agent",
            "http://127.0.0.1:8080/, ws://127.0.0.1:8080/ws/agent",
            "https://relay.example.com, wss://relay.example.com/ws/agent",
            "HTTPS://relay.example.com/base/, wss://relay.example.com/base/ws/agent",
            "ws://10.0.0.1:9000, ws://10.0.0.1:9000/ws/agent",
            "wss://relay.example.com/ws/agent, wss://relay.example.com/ws/agent",
    })
    void serverUrlBecomesTheAgentEndpoint(String serverUrl, String expected) {
        assertEquals(expected, AgentConfig.agentUrl(serverUrl).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://x", "relay.example.com", "http://", "file:///etc"})
    void unusableServerUrlsAreRefusedWithAReason(String serverUrl) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentConfig.agentUrl(serverUrl));
        assertEquals(true, e.getMessage().contains("SERVER_URL"), e.getMessage());
    }
}
