package com.remotefetch.server.auth;

import com.remotefetch.server.hub.AgentEndpoint;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.metrics.Metrics;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Checks bearer tokens: admin tokens on {@code /api/*}, agent tokens on the WebSocket upgrade.
 * Failures are 401 (429 once an address has failed too often) and are counted per address.
 */
public final class Authenticator {
    public static final String ADMIN_ATTRIBUTE = "remotefetch.admin";
    /** The admin name recorded when admins are not authenticated (open mode). */
    public static final String ANONYMOUS = "anonymous";
    public static final String AGENT_ATTRIBUTE = AgentEndpoint.AUTHENTICATED_ID;

    private final SecurityConfig security;
    private final FailedAuthLimiter limiter;
    private final Metrics metrics;

    public Authenticator(SecurityConfig security, FailedAuthLimiter limiter, Metrics metrics) {
        this.security = security;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** Before every {@code /api/*} request. */
    public void admin(Context ctx) {
        if (!security.adminsAuthenticated()) {
            ctx.attribute(ADMIN_ATTRIBUTE, ANONYMOUS);
            return;
        }
        String name = check(ctx, token -> security.adminTokens().verify(token), "admin");
        ctx.attribute(ADMIN_ATTRIBUTE, name);
    }

    /** The authenticated admin behind this request, or null in open mode, where nobody is named. */
    public static String adminName(Context ctx) {
        String name = ctx.attribute(ADMIN_ATTRIBUTE);
        return ANONYMOUS.equals(name) ? null : name;
    }

    /** Before the agent WebSocket upgrade; the proven client id goes to the session. */
    public void agent(Context ctx) {
        if (!security.agentsAuthenticated()) {
            return;
        }
        String id = check(ctx, token -> security.agentTokens().verify(token), "agent");
        ctx.attribute(AGENT_ATTRIBUTE, id);
        ctx.attribute(AgentEndpoint.CREDENTIAL, bearer(ctx));
    }

    private interface Verifier {
        Optional<String> verify(String token);
    }

    private String check(Context ctx, Verifier verifier, String kind) {
        String address = ctx.req().getRemoteAddr();
        if (limiter.blocked(address)) {
            metrics.authRateLimited();
            ctx.header("Retry-After", Long.toString(Math.max(1, limiter.retryAfter(address).toSeconds())));
            throw new ApiException(429, "too_many_failures",
                    "too many failed logins from " + address + "; try again later", Map.of());
        }
        Optional<String> who = verifier.verify(bearer(ctx));
        if (who.isEmpty()) {
            limiter.failure(address);
            metrics.authFailed(kind);
            ctx.header("WWW-Authenticate", "Bearer realm=\"remotefetch\"");
            throw new ApiException(401, "unauthorized", "missing, invalid or revoked " + kind + " token", Map.of());
        }
        return who.get();
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
