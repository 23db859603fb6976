package com.remotefetch.server.audit;

import com.remotefetch.server.api.ApiException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/transfers[?agent=ID][&admin=NAME][&result=ok|failed|...][&since=ISO-TIME][&limit=N]}:
 * who fetched what, newest first, from the download attempts the audit log records (the latest
 * {@value AuditLog#RECENT} since the server started; the audit file keeps them all).
 */
public final class History {
    /** One page of history. */
    public record Page(int count, List<AuditLog.Entry> transfers) {
    }

    /**
     * Where several instances keep one history (Redis in a cluster), so that an admin sees every
     * download whichever instance answers. Methods may throw while the store is away; this
     * instance's own records stand in meanwhile.
     */
    public interface Shared {
        void add(AuditLog.Entry entry);

        /** Newest first, at most {@link AuditLog#RECENT}. */
        List<AuditLog.Entry> recent();
    }

    private static final Logger log = LoggerFactory.getLogger(History.class);

    private final AuditLog audit;
    private final Shared shared;

    public History(AuditLog audit) {
        this(audit, null);
    }

    /** @param shared the cluster's history, or null for a single instance */
    public History(AuditLog audit, Shared shared) {
        this.audit = audit;
        this.shared = shared;
    }

    /**
     * A download attempt an admin made on this instance (not a hop from another instance, which
     * that one records): shared with the cluster. The audit log has recorded it already.
     */
    public void attempted(AuditLog.Entry entry) {
        if (shared == null) {
            return;
        }
        try {
            shared.add(entry);
        } catch (RuntimeException e) {
            log.debug("cannot share a history record ({}); it stays in this instance's audit log", e.toString());
        }
    }

    private List<AuditLog.Entry> recent() {
        if (shared != null) {
            try {
                return shared.recent();
            } catch (RuntimeException e) {
                log.debug("the cluster's history is away ({}); this instance's records stand in", e.toString());
            }
        }
        return audit.recent();
    }

    public void transfers(Context ctx) {
        String agent = ctx.queryParam("agent");
        String admin = ctx.queryParam("admin");
        String result = ctx.queryParam("result");
        Instant since = instant(ctx.queryParam("since"));
        int limit = limit(ctx.queryParam("limit"));
        List<AuditLog.Entry> page = recent().stream()
                .filter(e -> agent == null || agent.equals(e.agent()))
                .filter(e -> admin == null || admin.equals(e.admin()))
                .filter(e -> result == null || (result.equals("failed") ? !"ok".equals(e.result()) : result.equals(e.result())))
                .filter(e -> since == null || !Instant.parse(e.time()).isBefore(since))
                .limit(limit).toList();
        ctx.json(new Page(page.size(), page));
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.of(400, "bad_since", "since must be an ISO-8601 time like 2026-11-26T00:00:00Z, not " + value);
        }
    }

    private static int limit(String value) {
        try {
            int n = value == null ? 100 : Integer.parseInt(value);
            if (n >= 1 && n <= AuditLog.RECENT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.of(400, "bad_limit", "limit must be 1 to " + AuditLog.RECENT + ", not " + value);
    }
}
