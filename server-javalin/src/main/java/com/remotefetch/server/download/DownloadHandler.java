package com.remotefetch.server.download;

import com.remotefetch.protocol.ErrorCode;
import com.remotefetch.protocol.Message;
import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.server.api.ApiErrors;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.api.Bearer;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.audit.History;
import com.remotefetch.server.auth.Authenticator;
import com.remotefetch.server.metrics.Metrics;
import com.remotefetch.server.cluster.Forwarder;
import com.remotefetch.server.hub.AgentDirectory;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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
    /** The whole file's SHA-256, sent when a response runs to the end of the file (also after a Range). */
    public static final String FILE_SHA256_TRAILER = "X-File-SHA256";

    /** How often the download's thread looks at an upload's progress while no event arrives. */
    private static final Duration POLL = Duration.ofMillis(500);
    /** Upload bytes gather in the response up to this much before a write to the admin's socket. */
    private static final int RESPONSE_BUFFER_BYTES = 256 * 1024;

    private final AgentHub hub;
    private final ServerConfig config;
    private final AuditLog audit;
    private final History history;
    private final Metrics metrics;
    private final AtomicInteger running = new AtomicInteger();
    /** Downloads in flight and the admin token each came with (open mode: none), checked again while they run. */
    private final Map<AtomicReference<Transfer>, String> credentials = new ConcurrentHashMap<>();

    private final AgentDirectory directory;
    /** Null for a single instance. */
    private final Forwarder forwarder;

    /** @param forwarder passes downloads of agents held by other instances to them; null for one instance */
    public DownloadHandler(AgentHub hub, AgentDirectory directory, Forwarder forwarder, ServerConfig config,
                           AuditLog audit, History history, Metrics metrics) {
        this.history = history;
        this.hub = hub;
        this.directory = directory;
        this.forwarder = forwarder;
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

    /** Ends the downloads of admins whose token no longer holds; returns how many. */
    public int abortWhere(Predicate<String> withdrawn) {
        int ended = 0;
        for (Map.Entry<AtomicReference<Transfer>, String> e : credentials.entrySet()) {
            if (withdrawn.test(e.getValue())) {
                credentials.remove(e.getKey());
                e.getKey().get().fail(Transfer.Failure.CREDENTIAL_WITHDRAWN, "the admin token was withdrawn");
                ended++;
            }
        }
        return ended;
    }

    /** {@code GET}: the file's bytes. */
    public void handle(Context ctx) throws InterruptedException {
        serve(ctx, false);
    }

    /**
     * {@code HEAD}: the status and headers a GET would get (size, validator, ranges), from a
     * zero-length fetch: the agent stats the file and sends none of it.
     */
    public void head(Context ctx) throws InterruptedException {
        serve(ctx, true);
    }

    private void serve(Context ctx, boolean headOnly) throws InterruptedException {
        long started = System.nanoTime();
        // Read now: once a failed transfer aborts the connection the request forgets its address.
        String remoteAddress = ctx.req().getRemoteAddr();
        String clientId = ctx.pathParam("id");
        String file = ctx.pathParamMap().get("file");
        ByteRange range = headOnly ? null : ByteRange.parse(ctx.header("Range"));
        Outcome outcome = new Outcome();
        try {
            download(ctx, clientId, file, range, headOnly, outcome);
        } catch (ApiException e) {
            outcome.status = e.status();
            outcome.result = e.code();
            throw e;
        } finally {
            if (!headOnly) {
                metrics.download(outcome.result);
                AuditLog.Entry entry = new AuditLog.Entry(Instant.now().toString(),
                        ctx.attribute(Authenticator.ADMIN_ATTRIBUTE), clientId, file == null ? "(default)" : file,
                        range == null ? null : range.offset(), range == null ? null : range.length(), outcome.bytes,
                        outcome.status, outcome.result, (System.nanoTime() - started) / 1_000_000, remoteAddress);
                audit.record(entry);
                if (!Forwarder.forwarded(ctx)) {
                    history.attempted(entry); // a hop is recorded where the admin asked, once
                }
            }
        }
    }

    private void download(Context ctx, String clientId, String file, ByteRange range, boolean headOnly,
                          Outcome outcome) throws InterruptedException {
        AgentSession agent = hub.find(clientId).orElse(null);
        if (agent == null) {
            Optional<String> owner = forwarder == null || Forwarder.forwarded(ctx) ? Optional.empty()
                    : directory.elsewhere(clientId);
            if (owner.isEmpty()) {
                throw ApiErrors.agentOffline(clientId);
            }
            try {
                Forwarder.Result r = forwarder.download(ctx, owner.get(), Authenticator.adminName(ctx));
                outcome.status = r.status();
                outcome.bytes = r.bytes();
                // What the admin got, as the holder's own record would say it; the holder's audit has the details.
                outcome.result = !r.complete() ? "aborted: forwarded hop broke off"
                        : r.status() < 300 ? "ok" : "http_" + r.status();
                return;
            } catch (Forwarder.ForwardException e) {
                throw new ApiException(502, "instance_unreachable", e.getMessage(), Map.of("client_id", clientId));
            }
        }
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
        String admin = Authenticator.adminName(ctx);
        Preconditions conditions = Preconditions.of(ctx);
        Transfer transfer = agent.openTransfer(file, range == null ? 0 : range.offset(),
                headOnly ? 0 : range == null ? -1 : range.length(), config.windowBytes(), admin);
        String credential = Bearer.of(ctx);
        AtomicReference<Transfer> current = new AtomicReference<>(transfer);
        if (admin != null && credential != null) {
            credentials.put(current, credential);
        }
        try {
            Message.FileMeta meta = awaitMeta(transfer, clientId, range, headOnly);
            String etag = Preconditions.etag(meta);
            if (conditions.ifMatchFails(etag)) {
                transfer.cancel("precondition failed");
                throw new ApiException(412, "precondition_failed", "the file on " + clientId
                        + " is no longer the version named in If-Match (now " + etag + ")", Map.of("client_id", clientId));
            }
            if (conditions.notModified(etag)) {
                transfer.cancel("not modified");
                ctx.status(304).header("ETag", etag);
                outcome.status = 304;
                outcome.result = "not_modified";
                return;
            }
            if (range != null && !conditions.rangeStillValid(etag)) {
                // The part the admin holds is of another version: send the whole current file instead.
                transfer.cancel("the file changed since the part being resumed");
                transfer.finish();
                range = null;
                transfer = agent.openTransfer(file, 0, -1, config.windowBytes(), admin);
                current.set(transfer);
                meta = awaitMeta(transfer, clientId, null, false);
                etag = Preconditions.etag(meta);
            }
            if (range != null && range.offset() >= meta.size()) {
                transfer.cancel("range not satisfiable");
                ctx.header("Content-Range", "bytes */" + meta.size());
                throw new ApiException(416, "range_not_satisfiable", "offset " + range.offset() + " is not before the end of "
                        + meta.name() + " (" + meta.size() + " bytes)", Map.of("client_id", clientId, "size", meta.size()));
            }
            outcome.status = range != null ? 206 : 200;
            headers(ctx.res(), meta, etag, range != null);
            if (headOnly) {
                transfer.cancel("HEAD request");
                ctx.res().setContentLengthLong(meta.size());
                outcome.result = "ok";
                return;
            }
            stream(ctx, transfer, meta, clientId, outcome);
        } finally {
            credentials.remove(current);
            transfer.finish();
            running.decrementAndGet();
        }
    }

    /**
     * Waits for the agent's meta and checks it answers what was asked: the offset asked for, and
     * exactly the bytes from there to the range's end or the file's, so a short answer can never
     * become a complete-looking response.
     */
    private Message.FileMeta awaitMeta(Transfer transfer, String clientId, ByteRange range, boolean headOnly)
            throws InterruptedException {
        Message.FileMeta meta = awaitAnyMeta(transfer, clientId);
        long offset = range == null ? 0 : range.offset();
        long wanted = meta.size() - Math.min(offset, meta.size());
        if (headOnly) {
            wanted = 0;
        } else if (range != null && range.length() >= 0) {
            wanted = Math.min(range.length(), wanted);
        }
        if (meta.offset() != Math.min(offset, meta.size()) || meta.length() != wanted) {
            transfer.cancel("meta does not answer the fetch");
            metrics.protocolViolation();
            throw new ApiException(502, "protocol_error", "agent " + clientId + " offered bytes " + meta.offset() + "+"
                    + meta.length() + " of " + meta.size() + " when " + offset + "+" + wanted + " were asked for",
                    Map.of("client_id", clientId));
        }
        return meta;
    }

    private Message.FileMeta awaitAnyMeta(Transfer transfer, String clientId) throws InterruptedException {
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
                case CREDENTIAL_WITHDRAWN -> new ApiException(401, "unauthorized", failed.message(), details);
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

    private static void headers(HttpServletResponse res, Message.FileMeta meta, String etag, boolean ranged) {
        res.setStatus(ranged ? 206 : 200);
        res.setContentType("application/octet-stream");
        res.setHeader("Content-Disposition", contentDisposition(meta.name()));
        res.setHeader(SIZE_HEADER, Long.toString(meta.size()));
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("ETag", etag);
        res.setHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(meta.modifiedMillis()).atZone(ZoneOffset.UTC)));
        if (ranged) {
            long last = meta.offset() + meta.length() - 1;
            res.setHeader("Content-Range", "bytes " + meta.offset() + "-" + last + "/" + meta.size());
        }
    }

    private void stream(Context ctx, Transfer transfer, Message.FileMeta meta, String clientId, Outcome outcome)
            throws InterruptedException {
        HttpServletResponse res = ctx.res();
        res.setHeader("Trailer", SHA256_TRAILER + ", " + FILE_SHA256_TRAILER);
        AtomicReference<Message.TransferEnd> ended = new AtomicReference<>();
        res.setTrailerFields(() -> trailers(ended.get()));

        long started = System.nanoTime();
        long sent = 0;
        long lastEventNanos = System.nanoTime();
        try {
            OutputStream out = res.getOutputStream();
            res.setBufferSize(RESPONSE_BUFFER_BYTES);
            res.flushBuffer();
            transfer.attachSink(out);
            while (true) {
                Transfer.Event event = transfer.next(POLL);
                if (event == null) {
                    long idle = System.nanoTime() - Math.max(lastEventNanos, transfer.lastUploadNanos());
                    if (idle < config.stallTimeout().toNanos()) {
                        outcome.bytes = sent + transfer.uploaded();
                        continue;
                    }
                    outcome.result = "aborted: agent stalled";
                    abort(ctx, transfer, "agent " + clientId + " sent nothing for " + config.stallTimeout().toSeconds() + " s");
                    return;
                }
                lastEventNanos = System.nanoTime();
                if (event instanceof Transfer.Chunk chunk) {
                    ByteBuffer b = chunk.bytes();
                    int n = b.remaining();
                    out.write(b.array(), b.arrayOffset() + b.position(), n);
                    out.flush();
                    sent += n;
                    outcome.bytes = sent + transfer.uploaded();
                    metrics.bytesRelayed(n);
                    transfer.consumed(n);
                } else if (event instanceof Transfer.End end) {
                    long total = sent + transfer.uploaded();
                    outcome.bytes = total;
                    if (end.end().bytes() != meta.length() || total != meta.length()) {
                        outcome.result = "aborted: short";
                        abort(ctx, transfer, "agent " + clientId + " ended after " + total + " of " + meta.length() + " bytes");
                        return;
                    }
                    ended.set(end.end());
                    outcome.result = "ok";
                    log.info("download {} {} from {}: {} bytes in {} ms ({})", transfer.id(), meta.name(), clientId, total,
                            (System.nanoTime() - started) / 1_000_000, sent == 0 && total > 0 ? "upload" : "frames");
                    return;
                } else if (event instanceof Transfer.Failed failed) {
                    outcome.bytes = sent + transfer.uploaded();
                    outcome.result = failed.failure() == Transfer.Failure.ADMIN_GONE ? "aborted: admin disconnected"
                            : "aborted: " + failed.failure().name().toLowerCase(Locale.ROOT);
                    abort(ctx, transfer, failed.message());
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
        } finally {
            // Frames are counted as they are written; upload bytes once, however the download ended.
            metrics.bytesRelayed(transfer.uploaded());
        }
    }

    private static Map<String, String> trailers(Message.TransferEnd end) {
        if (end == null) {
            return Map.of();
        }
        return end.fileSha256() == null ? Map.of(SHA256_TRAILER, end.sha256())
                : Map.of(SHA256_TRAILER, end.sha256(), FILE_SHA256_TRAILER, end.fileSha256());
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
