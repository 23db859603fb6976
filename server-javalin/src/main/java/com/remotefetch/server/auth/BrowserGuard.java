package com.remotefetch.server.auth;

import com.remotefetch.server.api.ApiException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps web pages in an admin's browser from driving the server. A page can open a WebSocket to
 * any address and, through DNS rebinding, read any loopback HTTP server under a name of its own.
 * So: an upgrade that carries a browser's {@code Origin} is refused unless that origin is allowed
 * (agents send none); and where the API is open (no admin tokens) and bound to loopback, only
 * requests whose {@code Host} names loopback are answered.
 */
public final class BrowserGuard {
    private static final Logger log = LoggerFactory.getLogger(BrowserGuard.class);
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final List<String> allowedOrigins;
    private final boolean checkHost;

    /** @param checkHost true where the API is open and the server listens on loopback only */
    public BrowserGuard(List<String> allowedOrigins, boolean checkHost) {
        this.allowedOrigins = allowedOrigins;
        this.checkHost = checkHost;
    }

    /** Before the agent WebSocket upgrade. */
    public void upgrade(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            log.warn("refused an agent WebSocket from a browser page at {} ({})", origin, ctx.req().getRemoteAddr());
            throw new ApiException(403, "origin_refused", "agents connect without an Origin; a browser page at "
                    + origin + " may not (allow it with --allowed-origin)", Map.of());
        }
        host(ctx);
    }

    /** Before every request, where {@code checkHost}. */
    public void host(Context ctx) {
        if (!checkHost) {
            return;
        }
        String host = ctx.header("Host");
        if (host == null || !LOOPBACK_NAMES.contains(hostName(host))) {
            throw new ApiException(403, "host_refused", "this server answers only for localhost, 127.0.0.1 and [::1]"
                    + " while it has no admin tokens", Map.of());
        }
    }

    /** The host of a {@code Host} header without its port: {@code [::1]:8080} gives {@code [::1]}. */
    static String hostName(String header) {
        String h = header.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
