package com.remotefetch.server.audit;

import com.remotefetch.server.api.ApiException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/transfers[?agent=ID][&admin=NAME][&result=ok|failed|...][&since=ISO-TIME][&limit=N]}:
 * who fetched what, newest first, from the download attempts the audit log records (the latest
 * {@value AuditLog#RECENT} since the server started; the audit file keeps them all).
 */
public final class History {
    /** One page of history. */
    public record Page(int count, List<AuditLog.Entry> transfers) {
    }

    private final AuditLog audit;

    public History(AuditLog audit) {
        this.audit = audit;
    }

    public void transfers(Context ctx) {
        String agent = ctx.queryParam("agent");
        String admin = ctx.queryParam("admin");
        String result = ctx.queryParam("result");
        Instant since = instant(ctx.queryParam("since"));
        int limit = limit(ctx.queryParam("limit"));
        List<AuditLog.Entry> page = audit.recent().stream()
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
