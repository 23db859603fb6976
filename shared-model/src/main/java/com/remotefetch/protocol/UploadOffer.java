package com.remotefetch.protocol;

import java.util.Objects;

/**
 * Where and how an agent sends a transfer's bytes as plain HTTP request bodies instead of
 * WebSocket frames (protocol 2): {@code POST path?offset=N} with the agent's token, the
 * credential in {@link Protocol#UPLOAD_CREDENTIAL_HEADER}, and a {@code Content-Length} of at most
 * {@code segmentBytes}, one segment after another. The credential is good for this transfer only,
 * and only if its first segment starts before {@code expiresAtMillis}.
 */
public record UploadOffer(String path, String credential, long expiresAtMillis, long segmentBytes) {
    public UploadOffer {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(credential, "credential");
        if (segmentBytes < 1 || segmentBytes > Protocol.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment of " + segmentBytes + " bytes; at most " + Protocol.MAX_SEGMENT_BYTES);
        }
    }
}
