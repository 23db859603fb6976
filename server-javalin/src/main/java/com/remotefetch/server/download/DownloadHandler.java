package com.remotefetch.server.download;

import com.remotefetch.protocol.ErrorCode;
import com.remotefetch.protocol.Message;
import com.remotefetch.server.ServerConfig;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.auth.Authenticator;
import com.remotefetch.server.metrics.Metrics;
import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentSession;
import com.remotefetch.server.hub.Transfer;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/download/{id}[/{file}]}: asks the agent for the file and streams its bytes into
 * a chunked response as the agent sends them, handing credit back only as the admin's connection
 * accepts them. Errors before the first byte are JSON; a failure after it aborts the connection
 * without the terminating chunk, so no client can mistake a short file for a whole one.
 */
public final class DownloadHandler {
    private static final Logger log = LoggerFactory.getLogger(DownloadHandler.class);

    public static final String SIZE_HEADER = "X-File-Size";
    public static final String SHA256_TRAILER = "X-Content-SHA256";

    private final AgentHub hub;
    private final ServerConfig config;
    private final AuditLog audit;
    private final Metrics metrics;
    private final AtomicInteger running = new AtomicInteger();

    public DownloadHandler(AgentHub hub, ServerConfig config, AuditLog audit, Metrics metrics) {
        this.hub = hub;
        this.config = config;
        this.audit = audit;
        this.metrics = metrics;
        metrics.gauge("remotefetch.downloads.running", "downloads in flight", running::get);
    }

    /** What one attempt came to, for the audit log. Request thread only. */
    private static final class Outcome {
        long bytes;
        int status;
        String result = "failed";
    }

    public void handle(Context ctx) throws InterruptedException {
        long started = System.nanoTime();
        String clientId = ctx.pathParam("id");
        String file = ctx.pathParamMap().get("file");
        ByteRange range = ByteRange.parse(ctx.header("Range"));
        Outcome outcome = new Outcome();
        try {
            download(ctx, clientId, file, range, outcome);
        } catch (ApiException e) {
            outcome.status = e.status();
            outcome.result = e.code();
            throw e;
        } finally {
            metrics.download(outcome.result);
            audit.record(new AuditLog.Entry(Instant.now().toString(), ctx.attribute(Authenticator.ADMIN_ATTRIBUTE),
                    clientId, file == null ? "(default)" : file, range == null ? null : range.offset(),
                    range == null ? null : range.length(), outcome.bytes, outcome.status, outcome.result,
                    (System.nanoTime() - started) / 1_000_000, ctx.req().getRemoteAddr()));
        }
    }

    private void download(Context ctx, String clientId, String file, ByteRange range, Outcome outcome)
            throws InterruptedException {
        AgentSession agent = hub.find(clientId).orElseThrow(() -> new ApiException(404, "agent_offline",
                "agent " + clientId + " is not connected", Map.of("client_id", clientId)));
        if (file != null && !agent.sharesFile(file)) {
            throw new ApiException(404, "file_not_found", "agent " + clientId + " does not share " + file,
                    Map.of("client_id", clientId, "file", file));
        }
        if (agent.activeTransfers() >= config.limits().maxTransfersPerAgent()) {
            metrics.limitRejected("transfers_per_agent");
            throw new ApiException(503, "agent_busy", "agent " + clientId + " is already serving "
                    + agent.activeTransfers() + " downloads", Map.of("client_id", clientId));
        }
        if (running.incrementAndGet() > config.limits().maxTransfers()) {
            running.decrementAndGet();
            metrics.limitRejected("transfers_total");
            throw new ApiException(503, "server_busy", "the server is already relaying "
                    + config.limits().maxTransfers() + " downloads", Map.of());
        }
        long offset = range == null ? 0 : range.offset();
        long length = range == null ? -1 : range.length();
        String admin = ctx.attribute(Authenticator.ADMIN_ATTRIBUTE);
        Transfer transfer = agent.openTransfer(file, offset, length, config.windowBytes(),
                "anonymous".equals(admin) ? null : admin);
        try {
            Message.FileMeta meta = awaitMeta(transfer, clientId);
            outcome.status = range != null ? 206 : 200;
            stream(ctx, transfer, meta, range != null, clientId, outcome);
        } finally {
            transfer.finish();
            running.decrementAndGet();
        }
    }

    private Message.FileMeta awaitMeta(Transfer transfer, String clientId) throws InterruptedException {
        Transfer.Event first = transfer.next(config.requestTimeout());
        if (first == null) {
            transfer.cancel("no answer within " + config.requestTimeout().toSeconds() + " s");
            throw new ApiException(408, "agent_timeout", "agent " + clientId + " did not answer within "
                    + config.requestTimeout().toMillis() + " ms", Map.of("client_id", clientId));
        }
        if (first instanceof Transfer.Meta meta) {
            return meta.meta();
        }
        if (first instanceof Transfer.Failed failed) {
            throw failureBeforeFirstByte(failed, clientId);
        }
        throw new ApiException(502, "protocol_error", "agent " + clientId + " answered out of order",
                Map.of("client_id", clientId));
    }

    private static ApiException failureBeforeFirstByte(Transfer.Failed failed, String clientId) {
        Map<String, Object> details = Map.of("client_id", clientId);
        if (failed.agentError() == null) {
            return switch (failed.failure()) {
                case AGENT_GONE -> new ApiException(404, "agent_offline", failed.message(), details);
                default -> new ApiException(502, "protocol_error", failed.message(), details);
            };
        }
        ErrorCode code = failed.agentError().code();
        return switch (code) {
            case NOT_FOUND -> new ApiException(404, "file_not_found", failed.message(), details);
            case BUSY -> new ApiException(503, "agent_busy", failed.message(), details);
            case RANGE_NOT_SATISFIABLE -> new ApiException(416, "range_not_satisfiable", failed.message(), details);
            case IO_ERROR, CANCELLED -> new ApiException(500, "agent_error", failed.message(), details);
        };
    }

    private void stream(Context ctx, Transfer transfer, Message.FileMeta meta, boolean ranged, String clientId,
                        Outcome outcome) throws InterruptedException {
        HttpServletResponse res = ctx.res();
        res.setStatus(ranged ? 206 : 200);
        res.setContentType("application/octet-stream");
        res.setHeader("Content-Disposition", contentDisposition(meta.name()));
        res.setHeader(SIZE_HEADER, Long.toString(meta.size()));
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochMilli(meta.modifiedMillis()).atZone(java.time.ZoneOffset.UTC)));
        if (ranged) {
            long last = meta.offset() + meta.length() - 1;
            res.setHeader("Content-Range", "bytes " + meta.offset() + "-" + last + "/" + meta.size());
        }
        res.setHeader("Trailer", SHA256_TRAILER);
        AtomicReference<String> sha256 = new AtomicReference<>();
        res.setTrailerFields(() -> sha256.get() == null ? Map.of() : Map.of(SHA256_TRAILER, sha256.get()));

        long started = System.nanoTime();
        long sent = 0;
        try {
            OutputStream out = res.getOutputStream();
            res.flushBuffer();
            while (true) {
                Transfer.Event event = transfer.next(config.stallTimeout());
                if (event instanceof Transfer.Chunk chunk) {
                    ByteBuffer b = chunk.bytes();
                    int n = b.remaining();
                    out.write(b.array(), b.arrayOffset() + b.position(), n);
                    out.flush();
                    sent += n;
                    outcome.bytes = sent;
                    metrics.bytesRelayed(n);
                    transfer.consumed(n);
                } else if (event instanceof Transfer.End end) {
                    if (end.end().bytes() != meta.length() || sent != meta.length()) {
                        outcome.result = "aborted: short";
                        abort(ctx, transfer, "agent " + clientId + " ended after " + sent + " of " + meta.length() + " bytes");
                        return;
                    }
                    sha256.set(end.end().sha256());
                    outcome.result = "ok";
                    log.info("download {} {} from {}: {} bytes in {} ms", transfer.id(), meta.name(), clientId, sent,
                            (System.nanoTime() - started) / 1_000_000);
                    return;
                } else if (event instanceof Transfer.Failed failed) {
                    outcome.result = "aborted: " + failed.failure().name().toLowerCase(java.util.Locale.ROOT);
                    abort(ctx, transfer, failed.message());
                    return;
                } else if (event == null) {
                    outcome.result = "aborted: agent stalled";
                    abort(ctx, transfer, "agent " + clientId + " sent nothing for " + config.stallTimeout().toSeconds() + " s");
                    return;
                } else {
                    abort(ctx, transfer, "agent " + clientId + " sent a second meta");
                    return;
                }
            }
        } catch (IOException e) {
            log.info("download {} {} from {}: admin went away after {} bytes ({})", transfer.id(), meta.name(),
                    clientId, sent, e.toString());
            outcome.result = "aborted: admin disconnected";
            transfer.cancel("admin disconnected");
            abortQuietly(ctx, e);
        }
    }

    /** Ends the response without its terminating chunk: clients see a broken transfer, never a short file. */
    private static void abort(Context ctx, Transfer transfer, String why) {
        log.warn("download {} aborted: {}", transfer.id(), why);
        transfer.cancel(why);
        abortQuietly(ctx, new IOException(why));
    }

    private static void abortQuietly(Context ctx, Throwable cause) {
        Request.getBaseRequest(ctx.req()).getHttpChannel().abort(cause);
    }

    static String contentDisposition(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        String ascii = base.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = URLEncoder.encode(base, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
