package com.remotefetch.protocol;

import java.nio.ByteBuffer;

/**
 * A binary WebSocket frame carrying file bytes: {@code kind (1 byte) | transferId (int64 BE) |
 * payload}. The payload buffer is a view into the received frame; copy it before the frame's
 * buffer is reused.
 */
public record DataFrame(long transferId, ByteBuffer payload) {

    /** The one kind defined in protocol version 1. */
    public static final byte KIND_DATA = 0x01;
    public static final int HEADER_BYTES = 1 + Long.BYTES;
    /** The most file bytes one frame may carry; the server closes a larger message with 1009. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Writes the header into the first {@link #HEADER_BYTES} of {@code frame}. */
    public static void writeHeader(byte[] frame, long transferId) {
        if (frame.length < HEADER_BYTES) {
            throw new IllegalArgumentException("frame shorter than its header");
        }
        frame[0] = KIND_DATA;
        ByteBuffer.wrap(frame, 1, Long.BYTES).putLong(transferId);
    }

    /** Reads a frame without copying its payload. */
    public static DataFrame decode(ByteBuffer frame) throws ProtocolException {
        ByteBuffer in = frame.duplicate();
        if (in.remaining() < HEADER_BYTES) {
            throw new ProtocolException("binary frame of " + in.remaining() + " bytes is shorter than its header");
        }
        byte kind = in.get();
        if (kind != KIND_DATA) {
            throw new ProtocolException("unknown binary frame kind " + kind);
        }
        long transferId = in.getLong();
        return new DataFrame(transferId, in.slice());
    }
}
