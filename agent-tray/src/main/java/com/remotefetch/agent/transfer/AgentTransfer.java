package com.remotefetch.agent.transfer;

import com.remotefetch.agent.share.FileVersion;
import com.remotefetch.agent.share.SharedFiles;
import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.ErrorCode;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import okhttp3.WebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link Message.Fetch} on a worker thread: meta, then binary frames never beyond the
 * credit the server granted, then an end with the byte count and SHA-256, or an error.
 */
final class AgentTransfer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AgentTransfer.class);

    private final Message.Fetch fetch;
    private final WebSocket socket;
    private final Protocol protocol;
    private final SharedFiles shares;
    private final int chunkBytes;
    private final UploadLimiter limiter;
    private final Credit credit;
    private final java.util.function.Consumer<String> onDone;
    private volatile String name = "?";
    private volatile long sent;
    private volatile long length = -1;

    AgentTransfer(Message.Fetch fetch, WebSocket socket, Protocol protocol, SharedFiles shares, int chunkBytes,
                  UploadLimiter limiter, java.util.function.Consumer<String> onDone) {
        this.fetch = fetch;
        this.socket = socket;
        this.protocol = protocol;
        this.shares = shares;
        this.chunkBytes = chunkBytes;
        this.limiter = limiter;
        this.credit = new Credit(fetch.credit());
        this.onDone = onDone;
    }

    long id() {
        return fetch.transferId();
    }

    String name() {
        return name;
    }

    long sent() {
        return sent;
    }

    long length() {
        return length;
    }

    String requestedBy() {
        return fetch.requestedBy();
    }

    void addCredit(long bytes) {
        credit.add(bytes);
    }

    void cancel() {
        credit.cancel();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        String result = "failed";
        try {
            result = serve();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = "interrupted";
        } finally {
            onDone.accept(result);
            log.info("transfer {} {} to {}: {} after {} bytes in {} ms", id(), name,
                    fetch.requestedBy() == null ? "an admin" : fetch.requestedBy(), result, sent,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private String serve() throws InterruptedException {
        Optional<SharedFiles.Entry> entry = shares.resolve(fetch.file());
        if (entry.isEmpty()) {
            String what = fetch.file() == null ? "no default file is configured" : fetch.file() + " is not shared";
            return error(ErrorCode.NOT_FOUND, what);
        }
        name = entry.get().name();
        if (!Files.exists(entry.get().path())) {
            return error(ErrorCode.IO_ERROR, name + " does not exist on the agent");
        }
        try (FileChannel channel = shares.open(entry.get())) {
            long size = channel.size();
            if (fetch.offset() > size) {
                return error(ErrorCode.RANGE_NOT_SATISFIABLE, "offset " + fetch.offset() + " is beyond the "
                        + size + " bytes of " + name);
            }
            long available = size - fetch.offset();
            long length = fetch.length() < 0 ? available : Math.min(fetch.length(), available);
            this.length = length;
            BasicFileAttributes attributes = Files.readAttributes(entry.get().path(), BasicFileAttributes.class);
            send(new Message.FileMeta(id(), name, size, attributes.lastModifiedTime().toMillis(), fetch.offset(),
                    length, FileVersion.of(attributes)));
            return stream(channel, length, fetch.offset() + length == size);
        } catch (IOException e) {
            return error(ErrorCode.IO_ERROR, "cannot read " + name + ": " + e.getMessage());
        }
    }

    /**
     * Sends {@code length} bytes from the fetch's offset. When they run to the end of the file the
     * end message also carries the whole file's SHA-256: the prefix before the offset is hashed
     * first, from the disk, so a resumed download can verify what it already holds.
     */
    private String stream(FileChannel channel, long length, boolean toEnd) throws IOException, InterruptedException {
        MessageDigest sha = sha256();
        MessageDigest whole = toEnd ? sha256() : null;
        if (whole != null && !hashPrefix(channel, whole)) {
            return "cancelled";
        }
        byte[] frame = new byte[DataFrame.HEADER_BYTES + chunkBytes];
        DataFrame.writeHeader(frame, id());
        long position = fetch.offset();
        long remaining = length;
        while (remaining > 0) {
            int n = credit.take((int) Math.min(limiter.chunkBytes(chunkBytes), remaining));
            if (n == 0) {
                return "cancelled";
            }
            ByteBuffer into = ByteBuffer.wrap(frame, DataFrame.HEADER_BYTES, n);
            while (into.hasRemaining()) {
                int read = channel.read(into, position + (n - into.remaining()));
                if (read < 0) {
                    error(ErrorCode.IO_ERROR, name + " shrank while it was being sent");
                    return "file shrank";
                }
            }
            sha.update(frame, DataFrame.HEADER_BYTES, n);
            if (whole != null) {
                whole.update(frame, DataFrame.HEADER_BYTES, n);
            }
            if (!limiter.acquire(n, credit::isCancelled)) {
                return "cancelled";
            }
            if (!socket.send(ByteString.of(frame, 0, DataFrame.HEADER_BYTES + n))) {
                return "connection closed";
            }
            position += n;
            remaining -= n;
            sent += n;
        }
        send(new Message.TransferEnd(id(), length, HexFormat.of().formatHex(sha.digest()),
                whole == null ? null : HexFormat.of().formatHex(whole.digest())));
        return "done";
    }

    /** Hashes {@code [0, offset)}; false if the transfer was cancelled meanwhile. */
    private boolean hashPrefix(FileChannel channel, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        long position = 0;
        while (position < fetch.offset()) {
            if (credit.isCancelled()) {
                return false;
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), fetch.offset() - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException(name + " shrank while it was being hashed");
            }
            digest.update(buffer.array(), 0, read);
            position += read;
        }
        return true;
    }

    private String error(ErrorCode code, String message) {
        log.warn("transfer {} refused: {}", id(), message);
        send(new Message.TransferError(id(), code, message));
        return code.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void send(Message message) {
        socket.send(protocol.encode(message));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
