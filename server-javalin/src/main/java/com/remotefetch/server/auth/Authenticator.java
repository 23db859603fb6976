package com.remotefetch.server.auth;

import com.remotefetch.server.hub.AgentEndpoint;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.api.Bearer;
import com.remotefetch.server.metrics.Metrics;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import com.remotefetch.server.api.ClusterHeaders;
import com.remotefetch.server.audit.Throttle;
import com.remotefetch.server.audit.AuditLog;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import java.time.Duration;
import java.time.Clock;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;

/**
 * Checks bearer tokens: admin tokens on {@code /api/*}, agent tokens on the WebSocket upgrade.
 * Failures are 401 (429 once an address has failed too often for that kind of token, or everyone
 * together too often), counted per kind and address, and recorded at a bounded rate.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    /** Failed logins recorded in the audit log and the server log per minute; the rest are counted. */
    static final int AUDITED_FAILURES_PER_MINUTE = 30;
    private static final String GLOBAL_KEY = "everyone";
    public static final String ADMIN_ATTRIBUTE = "remotefetch.admin";
    /** The admin name recorded when admins are not authenticated (open mode). */
    public static final String ANONYMOUS = "anonymous";
    public static final String AGENT_ATTRIBUTE = AgentEndpoint.AUTHENTICATED_ID;

    private final SecurityConfig security;
    private final FailureCounter limiter;
    private final FailureCounter global;
    private final Metrics metrics;
    private final AuditLog audit;
    private final Throttle auditThrottle;
    /** Proves a download forwarded by another instance, which authenticated its admin; null for one instance. */
    private final String clusterSecret;

    /**
     * @param limiter failures per kind (admin, agent) and address
     * @param global  failures from everywhere together: slows guessing spread over many addresses
     * @param audit   where 401s and 429s are recorded, at most so many a minute
     */
    public Authenticator(SecurityConfig security, FailureCounter limiter, FailureCounter global, Metrics metrics,
                         AuditLog audit, Clock clock, String clusterSecret) {
        this.security = security;
        this.clusterSecret = clusterSecret;
        this.limiter = limiter;
        this.global = global;
        this.metrics = metrics;
        this.audit = audit;
        this.auditThrottle = new Throttle(AUDITED_FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    }

    /** Before every {@code /api/*} request. */
    public void admin(Context ctx) {
        if (!security.adminsAuthenticated()) {
            ctx.attribute(ADMIN_ATTRIBUTE, ANONYMOUS);
            return;
        }
        if (ctx.method() == HandlerType.OPTIONS) {
            return; // a browser's CORS preflight carries no credentials: no answer for it, and no failure
        }
        String vouched = ctx.header(ClusterHeaders.SECRET);
        if (vouched != null && clusterSecret != null) {
            if (!MessageDigest.isEqual(vouched.getBytes(StandardCharsets.UTF_8), clusterSecret.getBytes(StandardCharsets.UTF_8))) {
                check(ctx, token -> Optional.empty(), "instance");
            }
            String admin = ctx.header(ClusterHeaders.ADMIN);
            ctx.attribute(ADMIN_ATTRIBUTE, admin == null || admin.isEmpty() ? ANONYMOUS : admin);
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

    /** Before the agent WebSocket upgrade and agent uploads; the proven client id goes to the session. */
    public void agent(Context ctx) {
        if (!security.agentsAuthenticated()) {
            return;
        }
        String id = check(ctx, token -> security.agentTokens().verify(token), "agent");
        ctx.attribute(AGENT_ATTRIBUTE, id);
        ctx.attribute(AgentEndpoint.CREDENTIAL, Bearer.of(ctx));
    }

    private interface Verifier {
        Optional<String> verify(String token);
    }

    /**
     * A valid credential always gets through, even from an address that has failed too often, so
     * that a neighbour's guessing (or an agent's stale token behind the same NAT) locks nobody out.
     * Invalid ones count against their kind and address, and against everyone together.
     */
    private String check(Context ctx, Verifier verifier, String kind) {
        Optional<String> who = verifier.verify(Bearer.of(ctx));
        if (who.isPresent()) {
            return who.get();
        }
        String address = ctx.req().getRemoteAddr();
        String key = kind + " " + address;
        if (limiter.blocked(key) || global.blocked(GLOBAL_KEY)) {
            metrics.authRateLimited();
            Duration wait = limiter.blocked(key) ? limiter.retryAfter(key) : global.retryAfter(GLOBAL_KEY);
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            record(kind, address, 429);
            throw new ApiException(429, "too_many_failures",
                    "too many failed logins from " + address + "; try again later", Map.of());
        }
        limiter.failure(key);
        global.failure(GLOBAL_KEY);
        metrics.authFailed(kind);
        record(kind, address, 401);
        ctx.header("WWW-Authenticate", "Bearer realm=\"remotefetch\"");
        throw new ApiException(401, "unauthorized", "missing, invalid or revoked " + kind + " token", Map.of());
    }

    private void record(String kind, String address, int status) {
        long heldBack = auditThrottle.tryPass();
        if (heldBack < 0) {
            return;
        }
        String reason = (status == 429 ? "rate limited" : "invalid " + kind + " token")
                + (heldBack > 0 ? " (" + heldBack + " more failures not recorded in the last minute)" : "");
        log.warn("{} login from {}: {}", kind, address, reason);
        audit.record(new AuditLog.SecurityEvent(status == 429 ? "auth_rate_limited" : "auth_failed", kind, reason, address));
    }
}
