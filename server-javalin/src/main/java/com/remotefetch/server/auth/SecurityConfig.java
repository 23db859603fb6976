package com.remotefetch.server.auth;

/**
 * Who may connect. Either part may be absent (null agent tokens, empty admin tokens), which is
 * only allowed on loopback or with {@code insecure}: {@code ServerMain} enforces that.
 */
public record SecurityConfig(AgentTokens agentTokens, AdminTokens adminTokens, boolean insecure) {

    public SecurityConfig {
        adminTokens = adminTokens == null ? AdminTokens.none() : adminTokens;
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
