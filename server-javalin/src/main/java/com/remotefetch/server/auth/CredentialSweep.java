package com.remotefetch.server.auth;

import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentSession;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks every connected agent's token, so that revoking it (or its expiry) ends a live
 * connection within one sweep, not only the next one. Run periodically; cheap (one HMAC per agent).
 */
public final class CredentialSweep implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CredentialSweep.class);

    private final AgentHub hub;
    private final AgentTokens tokens;
    private final BiConsumer<AgentSession, String> onWithdrawn;

    /** @param onWithdrawn told of each connection ended, for the audit log */
    public CredentialSweep(AgentHub hub, AgentTokens tokens, BiConsumer<AgentSession, String> onWithdrawn) {
        this.hub = hub;
        this.tokens = tokens;
        this.onWithdrawn = onWithdrawn;
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // An unreadable revocation file, say: keep sweeping, and say so every time.
            log.error("cannot re-check agent tokens: {}", e.toString());
        }
    }

    private void sweep() {
        for (AgentSession session : hub.sessions()) {
            String token = session.credential();
            if (token != null && tokens.verify(token).isEmpty()) {
                String why = "agent token revoked or expired";
                log.warn("agent {} from {}: {}; closing its connection", session.clientId(), session.remoteAddress(), why);
                onWithdrawn.accept(session, why);
                session.credentialWithdrawn(why);
            }
        }
    }
}
