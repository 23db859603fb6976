package com.remotefetch.server.auth;
import java.util.List;

/**
 * Who may connect. Either part may be absent (null agent tokens, empty admin tokens), which is
 * only allowed on loopback or with {@code insecure}: {@code ServerMain} enforces that.
 * {@code allowedOrigins} are the browser origins allowed to open the agent WebSocket (agents send
 * no {@code Origin}; by default no browser page may).
 */
public record SecurityConfig(AgentTokens agentTokens, AdminTokens adminTokens, boolean insecure,
                             List<String> allowedOrigins) {

    public SecurityConfig {
        adminTokens = adminTokens == null ? AdminTokens.none() : adminTokens;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public SecurityConfig(AgentTokens agentTokens, AdminTokens adminTokens, boolean insecure) {
        this(agentTokens, adminTokens, insecure, List.of());
    }

    /** No authentication at all: the local demo and tests on loopback. */
    public static SecurityConfig open() {
        return new SecurityConfig(null, AdminTokens.none(), false);
    }

    public boolean agentsAuthenticated() {
        return agentTokens != null;
    }

    public boolean adminsAuthenticated() {
        return !adminTokens.isEmpty();
    }

    public boolean fullySecured() {
        return agentsAuthenticated() && adminsAuthenticated();
    }
}
