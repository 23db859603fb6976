package com.remotefetch.agent.transfer;

import com.remotefetch.protocol.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;

/**
 * The SHA-256 digests a transfer's end message carries: of the bytes sent, and, when they run to
 * the end of the file, of the whole file, whose prefix before the offset is hashed from the disk
 * first so that a resumed download can verify what it already holds.
 */
final class TransferDigests {
    /** Null when the whole file's digest is known and the bytes sent are the whole file: nothing to hash. */
    private final MessageDigest sent;
    /** Null when the bytes sent do not run to the end or the digest is known; {@link #sent} when they are the whole file. */
    private final MessageDigest whole;
    /** The whole file's digest from an earlier transfer of this version, or null. */
    private final String known;

    private TransferDigests(boolean toEnd, boolean fromStart, String known) {
        this.known = toEnd ? known : null;
        this.sent = this.known != null && fromStart ? null : sha256();
        this.whole = !toEnd || this.known != null ? null : fromStart ? sent : sha256();
    }

    /**
     * Digests for bytes from {@code offset} when the whole file's SHA-256 is already {@code known}
     * (from the {@link DigestCache}): nothing is hashed for a whole file, only the bytes sent for a
     * resumed one, and never the part before the offset.
     */
    static TransferDigests known(long offset, boolean toEnd, String known) {
        return new TransferDigests(toEnd, offset == 0, known);
    }

    /**
     * Digests for bytes from {@code offset}; null if {@code cancelled} turned true while the prefix
     * was being hashed.
     */
    static TransferDigests start(FileChannel file, long offset, boolean toEnd, BooleanSupplier cancelled)
            throws IOException {
        TransferDigests d = new TransferDigests(toEnd, offset == 0, null);
        if (d.whole == null || d.whole == d.sent) {
            return d;
        }
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        for (long position = 0; position < offset; ) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), offset - position));
            int read = file.read(buffer, position);
            if (read < 0) {
                throw new IOException("the file shrank while it was being hashed");
            }
            d.whole.update(buffer.array(), 0, read);
            position += read;
        }
        return d;
    }

    void update(byte[] bytes, int offset, int length) {
        if (sent == null) {
            return;
        }
        sent.update(bytes, offset, length);
        if (whole != null && whole != sent) {
            whole.update(bytes, offset, length);
        }
    }

    Message.TransferEnd end(long transferId, long length) {
        String sentHex = sent == null ? known : HexFormat.of().formatHex(sent.digest());
        String wholeHex = known != null ? known : whole == null ? null
                : whole == sent ? sentHex : HexFormat.of().formatHex(whole.digest());
        return new Message.TransferEnd(transferId, length, sentHex, wholeHex);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
