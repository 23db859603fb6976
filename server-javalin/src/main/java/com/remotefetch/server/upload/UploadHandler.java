package com.remotefetch.server.upload;

import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.auth.Authenticator;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.cluster.Forwarder;
import com.remotefetch.server.hub.AgentDirectory;
import com.remotefetch.server.hub.Transfer;
import com.remotefetch.server.hub.Uploads;
import com.remotefetch.server.metrics.Metrics;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /agent/uploads/{id}?offset=N}: one segment of a transfer's bytes from its agent,
 * copied into the waiting download as the admin's connection takes it. The agent's token (where
 * agents authenticate) must name the transfer's agent and the credential must be the transfer's
 * own; every refusal has its own status and code, an audit line and a metric, and leaves the
 * download as it was.
 */
public final class UploadHandler {
    private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);

    private final Uploads uploads;
    private final AgentDirectory directory;
    /** Null for a single instance. */
    private final Forwarder forwarder;
    private final Duration waitForDownload;
    private final AuditLog audit;
    private final Metrics metrics;

    /** @param waitForDownload how long a first segment may wait for its download to send headers */
    public UploadHandler(Uploads uploads, AgentDirectory directory, Forwarder forwarder, Duration waitForDownload,
                         AuditLog audit, Metrics metrics) {
        this.uploads = uploads;
        this.directory = directory;
        this.forwarder = forwarder;
        this.waitForDownload = waitForDownload;
        this.audit = audit;
        this.metrics = metrics;
    }

    public void handle(Context ctx) throws InterruptedException {
        String uploadId = ctx.pathParam("id");
        Transfer transfer = uploads.find(uploadId).orElse(null);
        if (transfer == null && forwarder != null && !Forwarder.forwarded(ctx)) {
            Optional<String> owner = directory.uploadElsewhere(uploadId);
            if (owner.isPresent()) {
                try {
                    forwarder.upload(ctx, owner.get());
                    return;
                } catch (IOException | Forwarder.ForwardException e) {
                    throw new ApiException(502, "instance_unreachable", "the instance holding this transfer did not"
                            + " answer: " + e.getMessage(), Map.of());
                }
            }
        }
        if (transfer == null) {
            throw refuse(ctx, null, 410, "transfer_gone", "no transfer is waiting for upload " + uploadId);
        }
        String proven = ctx.attribute(Authenticator.AGENT_ATTRIBUTE);
        if (proven != null && !proven.equals(transfer.clientId())) {
            throw refuse(ctx, transfer, 403, "wrong_agent", "this upload belongs to another agent");
        }
        if (!sameSecret(ctx.header(Protocol.UPLOAD_CREDENTIAL_HEADER), transfer.offer().credential())) {
            throw refuse(ctx, transfer, 403, "bad_upload_credential", "missing or wrong upload credential");
        }
        if (transfer.uploadExpired(System.currentTimeMillis())) {
            throw refuse(ctx, transfer, 403, "upload_expired", "the upload credential expired before its first segment");
        }
        long offset = offset(ctx, transfer);
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            throw refuse(ctx, transfer, 411, "length_required", "a segment needs a Content-Length");
        }
        if (length > transfer.offer().segmentBytes()) {
            throw refuse(ctx, transfer, 413, "segment_too_large", "a segment may carry at most "
                    + transfer.offer().segmentBytes() + " bytes, not " + length);
        }
        try {
            transfer.upload(offset, length, ctx.req().getInputStream(), waitForDownload);
            ctx.status(204);
        } catch (Transfer.RefusedException e) {
            throw switch (e.refusal()) {
                case GONE -> refuse(ctx, transfer, 410, "transfer_gone", e.getMessage());
                case WRONG_OFFSET -> refuse(ctx, transfer, 409, "wrong_offset", e.getMessage());
                case TOO_LONG -> refuse(ctx, transfer, 413, "too_many_bytes", e.getMessage());
                case BUSY -> refuse(ctx, transfer, 409, "segment_in_progress", e.getMessage());
            };
        } catch (IOException e) {
            // The transfer has failed (agent body broke off) or been cancelled (admin gone): stop the agent.
            log.info("upload {} of agent {} ended early: {}", uploadId, transfer.clientId(), e.toString());
            throw new ApiException(410, "transfer_aborted", "the transfer ended: " + e.getMessage(), Map.of());
        }
    }

    private long offset(Context ctx, Transfer transfer) {
        String raw = ctx.queryParam(Protocol.UPLOAD_OFFSET_PARAM);
        try {
            long offset = Long.parseLong(raw == null ? "" : raw);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refuse(ctx, transfer, 400, "bad_offset", "offset must be a byte position, not " + raw);
    }

    private ApiException refuse(Context ctx, Transfer transfer, int status, String code, String reason) {
        String agent = transfer == null ? null : transfer.clientId();
        String address = ctx.req().getRemoteAddr();
        audit.record(new AuditLog.UploadRefusal(agent, ctx.pathParam("id"), status, code, reason, address));
        metrics.uploadRefused(code);
        log.warn("refused an upload for {} from {}: {} {} ({})", agent == null ? "no transfer" : agent, address, status,
                code, reason);
        return new ApiException(status, code, reason, Map.of());
    }

    private static boolean sameSecret(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
