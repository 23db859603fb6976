package com.remotefetch.agent.transfer;

import java.util.Locale;
import java.util.function.Consumer;
import com.remotefetch.agent.share.FileVersion;
import com.remotefetch.agent.share.SharedFiles;
import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.ErrorCode;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import com.remotefetch.protocol.UploadOffer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.WebSocket;
import okio.BufferedSink;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link Message.Fetch} on a worker thread: meta, then the bytes (HTTP upload segments
 * where offered, else binary frames never beyond the credit the server granted), then an end with
 * the byte count and SHA-256, or an error.
 */
final class AgentTransfer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AgentTransfer.class);
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    /** What one write to OkHttp's sink may carry: okio's segment pool holds 64 KiB per thread. */
    private static final int SINK_SLICE_BYTES = 32 * 1024;

    private final Message.Fetch fetch;
    private final WebSocket socket;
    private final Protocol protocol;
    private final SharedFiles shares;
    private final int chunkBytes;
    private final UploadLimiter limiter;
    private final Credit credit;
    private final Uploader uploader;
    private final Consumer<String> onDone;
    private final DigestCache digestCache;
    /** The file's version key when the transfer started (null if unknown): what a digest is cached under. */
    private String version;
    private Path path;
    private volatile String name = "?";
    private volatile long sent;
    private volatile long length = -1;
    /** The upload segments on their way (at most two), so that a cancel stops them at once. */
    private final Set<Uploader.Segment> inFlight = ConcurrentHashMap.newKeySet();

    AgentTransfer(Message.Fetch fetch, WebSocket socket, Protocol protocol, SharedFiles shares, int chunkBytes,
                  UploadLimiter limiter, Uploader uploader, DigestCache digestCache, Consumer<String> onDone) {
        this.digestCache = digestCache;
        this.fetch = fetch;
        this.socket = socket;
        this.protocol = protocol;
        this.shares = shares;
        this.chunkBytes = chunkBytes;
        this.limiter = limiter;
        this.credit = new Credit(fetch.credit());
        this.uploader = uploader;
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
        inFlight.forEach(Uploader.Segment::cancel);
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
            path = entry.get().path();
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            version = DigestCache.versionOf(path, attributes);
            send(new Message.FileMeta(id(), name, size, attributes.lastModifiedTime().toMillis(), fetch.offset(),
                    length, FileVersion.of(attributes)));
            return stream(channel, length, fetch.offset() + length == size);
        } catch (IOException e) {
            return error(ErrorCode.IO_ERROR, "cannot read " + name + ": " + e.getMessage());
        }
    }

    /**
     * Sends {@code length} bytes from the fetch's offset: as HTTP upload segments where the server
     * offered them, else (or where they do not get through) in binary frames; then the end message.
     */
    private String stream(FileChannel channel, long length, boolean toEnd) throws IOException, InterruptedException {
        UploadOffer offer = fetch.upload();
        if (offer != null && uploader.enabled()) {
            String result = upload(channel, length, toEnd, offer);
            if (result != null) {
                return result;
            }
            uploader.fellBack(id());
        }
        return frames(channel, length, toEnd);
    }

    /**
     * Segment after segment; null if the first did not get through, so frames should carry it all.
     * Once the first is accepted, each next segment starts as soon as the one before has written
     * its body, while that one still waits for the server's answer: two connections take turns and
     * the bytes do not stop at a segment boundary. Bodies are written strictly one after another,
     * so the digests see the file in order.
     */
    private String upload(FileChannel channel, long length, boolean toEnd, UploadOffer offer)
            throws IOException, InterruptedException {
        TransferDigests digests = digests(channel, toEnd);
        if (digests == null) {
            return "cancelled";
        }
        try {
            return segments(channel, length, offer, digests);
        } finally {
            // Nothing is left on its way after a normal end; after an interrupt or an error, stop it.
            inFlight.forEach(Uploader.Segment::cancel);
        }
    }

    private String segments(FileChannel channel, long length, UploadOffer offer, TransferDigests digests)
            throws InterruptedException {
        byte[] buffer = new byte[chunkBytes];
        Uploader.Segment answerDue = null;
        boolean first = true;
        long done = 0;
        while (first || done < length || answerDue != null) {
            Uploader.Segment next = null;
            if (first || done < length) {
                long size = Math.min(offer.segmentBytes(), length - done);
                CountDownLatch written = new CountDownLatch(1);
                next = start(offer, done, new SegmentBody(channel, fetch.offset() + done, size, buffer, digests,
                        written), written, first);
                done += size;
            }
            if (first) {
                // Answered before any other starts: if it is refused, frames carry the whole transfer.
                first = false;
                Uploader.Outcome outcome = settle(next);
                if (credit.isCancelled()) {
                    return "cancelled";
                }
                if (outcome == Uploader.Outcome.NOT_THROUGH) {
                    sent = 0;
                    return null;
                }
                if (outcome == Uploader.Outcome.ENDED) {
                    return brokenOff(0);
                }
                continue;
            }
            if (answerDue != null && (settle(answerDue) != Uploader.Outcome.ACCEPTED || credit.isCancelled())) {
                if (next != null) {
                    next.cancel();
                }
                return credit.isCancelled() ? "cancelled" : brokenOff(answerDue.offset());
            }
            if (next != null) {
                next.awaitWritten();
            }
            answerDue = next;
        }
        end(digests, length);
        return "done";
    }

    private Uploader.Segment start(UploadOffer offer, long offset, RequestBody body, CountDownLatch written,
                                   boolean first) {
        Uploader.Segment segment = uploader.start(offer, offset, body, written, first);
        inFlight.add(segment);
        if (credit.isCancelled()) {
            segment.cancel();
        }
        return segment;
    }

    private Uploader.Outcome settle(Uploader.Segment segment) throws InterruptedException {
        try {
            return segment.outcome();
        } finally {
            inFlight.remove(segment);
        }
    }

    /** Says so on the control channel too, so the download fails now rather than stall. */
    private String brokenOff(long accepted) {
        error(ErrorCode.IO_ERROR, "the upload of " + name + " broke off after " + accepted + " bytes");
        return "upload broke off";
    }

    private String frames(FileChannel channel, long length, boolean toEnd) throws IOException, InterruptedException {
        TransferDigests digests = digests(channel, toEnd);
        if (digests == null) {
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
            digests.update(frame, DataFrame.HEADER_BYTES, n);
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
        end(digests, length);
        return "done";
    }

    /** Known digests for a version sent before; else digests computed as the bytes go. Null if cancelled meanwhile. */
    private TransferDigests digests(FileChannel channel, boolean toEnd) throws IOException {
        Optional<String> known = version == null ? Optional.empty() : digestCache.get(version);
        if (known.isPresent() && toEnd) {
            return TransferDigests.known(fetch.offset(), true, known.get());
        }
        return TransferDigests.start(channel, fetch.offset(), toEnd, credit::isCancelled);
    }

    /** Sends the end message; remembers the whole file's digest if the file did not change while it was read. */
    private void end(TransferDigests digests, long length) {
        Message.TransferEnd end = digests.end(id(), length);
        if (end.fileSha256() != null && version != null && version.equals(DigestCache.versionOf(path).orElse(null))) {
            digestCache.put(version, end.fileSha256());
        }
        send(end);
    }

    /**
     * One segment's body, read from the file as OkHttp writes it: hashed, paced by the upload cap,
     * and stopped by a cancel. One-shot, so OkHttp never replays it (the digests have seen it).
     */
    private final class SegmentBody extends RequestBody {
        private final FileChannel channel;
        private final long position;
        private final long length;
        private final byte[] buffer;
        private final TransferDigests digests;
        private final CountDownLatch written;

        SegmentBody(FileChannel channel, long position, long length, byte[] buffer, TransferDigests digests,
                    CountDownLatch written) {
            this.channel = channel;
            this.position = position;
            this.length = length;
            this.buffer = buffer;
            this.digests = digests;
            this.written = written;
        }

        @Override
        public MediaType contentType() {
            return OCTET_STREAM;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try {
                write(sink);
            } finally {
                written.countDown();
            }
        }

        private void write(BufferedSink sink) throws IOException {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(limiter.chunkBytes(buffer.length), length - done);
                ByteBuffer into = ByteBuffer.wrap(buffer, 0, n);
                while (into.hasRemaining()) {
                    if (channel.read(into, position + done + into.position()) < 0) {
                        throw new IOException(name + " shrank while it was being sent");
                    }
                }
                digests.update(buffer, 0, n);
                try {
                    if (!limiter.acquire(n, credit::isCancelled)) {
                        throw new IOException("transfer " + id() + " cancelled");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("transfer " + id() + " interrupted");
                }
                // In slices okio's segment pool can supply: one 256 KiB write took 32 segments from
                // a pool that keeps 8, so most of every file was allocated afresh as 8 KiB arrays.
                for (int at = 0; at < n; at += SINK_SLICE_BYTES) {
                    sink.write(buffer, at, Math.min(SINK_SLICE_BYTES, n - at));
                }
                done += n;
                sent += n;
            }
        }
    }

    private String error(ErrorCode code, String message) {
        log.warn("transfer {} refused: {}", id(), message);
        send(new Message.TransferError(id(), code, message));
        return code.name().toLowerCase(Locale.ROOT);
    }

    private void send(Message message) {
        socket.send(protocol.encode(message));
    }

}
