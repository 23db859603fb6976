package com.remotefetch.server.testing;

import com.remotefetch.server.auth.AdminTokens;
import com.remotefetch.server.auth.AgentTokens;
import com.remotefetch.server.auth.SecurityConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** The credentials of tests that run a fully secured server: admin "alice" and one agent secret. */
public final class TestSecurity {
    public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
    public static final byte[] AGENT_SECRET = "agent-secret-for-tests-0123456789".getBytes(StandardCharsets.UTF_8);

    private TestSecurity() {
    }

    /** Agent tokens signed with {@link #AGENT_SECRET}, revocations read from {@code dir/revoked.txt}. */
    public static AgentTokens agentTokens(Path dir) {
        return new AgentTokens(AGENT_SECRET, dir.resolve("revoked.txt"));
    }

    /** {@code agentTokens} for agents, and alice with {@link #ADMIN_TOKEN} in {@code dir/admins.txt}. */
    public static SecurityConfig config(Path dir, AgentTokens agentTokens) throws IOException {
        Path admins = Files.writeString(dir.resolve("admins.txt"),
                "# name:sha256\nalice:" + HexFormat.of().formatHex(AdminTokens.sha256(ADMIN_TOKEN)) + "\n");
        return new SecurityConfig(agentTokens, AdminTokens.load(null, admins), false);
    }
}
