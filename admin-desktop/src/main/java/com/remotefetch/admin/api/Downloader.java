package com.remotefetch.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads one file to {@code target} through {@code target.part}: the final name appears only
 * after the size and the server's SHA-256 check out, so a failed transfer never looks complete.
 * With {@code resume}, an existing part file is continued with a Range request.
 */
public final class Downloader {
    public static final String SIZE_HEADER = "X-File-Size";
    public static final String SHA256_TRAILER = "X-Content-SHA256";
    public static final String FILE_SHA256_TRAILER = "X-File-SHA256";

    /** Told of progress from the downloading thread, at most every 64 KiB. */
    public interface Listener {
        void progress(long bytesDone, long bytesTotal);
    }

    /**
     * A finished download. {@code sha256} is the whole file's; {@code resumedFrom} the byte the
     * transfer continued at (0: from the start); {@code restartedBecause} says, in plain words, why
     * a part file could not be continued, or is null.
     */
    public record Result(Path file, long size, String sha256, boolean verified, long resumedFrom,
                         String restartedBecause) {
    }

    private final ApiClient api;

    public Downloader(ApiClient api) {
        this.api = api;
    }

    /** One download that can be cancelled from another thread. */
    public Task task(String clientId, String file, Path target, boolean resume) {
        return new Task(clientId, file, target, resume);
    }

    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    public final class Task {
        private final String clientId;
        private final String file;
        private final Path target;
        private final boolean resume;
        private volatile Call call;
        private volatile boolean cancelled;

        private Task(String clientId, String file, Path target, boolean resume) {
            this.clientId = clientId;
            this.file = file;
            this.target = target;
            this.resume = resume;
        }

        public void cancel() {
            cancelled = true;
            Call c = call;
            if (c != null) {
                c.cancel();
            }
        }

        /**
         * Downloads, or with {@code resume} continues the part file when the server confirms (through
         * {@code If-Range}) that the agent's file is still the version the part holds; otherwise it
         * starts over and says why in {@link Result#restartedBecause}. The SHA-256 checked and
         * reported covers the whole file, the part's earlier bytes included.
         */
        public Result run(Listener listener) throws IOException, ApiException, TransferException {
            Path folder = target.toAbsolutePath().getParent();
            try {
                if (folder != null) {
                    Files.createDirectories(folder);
                }
            } catch (IOException e) {
                throw new SaveException(folder, e);
            }
            Path part = partFile(target);
            Path tag = validatorFile(target);
            long have = resume && Files.exists(part) ? Files.size(part) : 0;
            String validator = have > 0 ? readValidator(tag) : null;
            String restartedBecause = have > 0 && validator == null
                    ? "the partial file has no saved version to check against, so it was downloaded again" : null;
            // One byte back, so that even a part that is already whole comes back with the agent's checksum.
            long offset = validator != null ? have - 1 : 0;
            Request.Builder request = new Request.Builder().url(api.downloadUrl(clientId, file));
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-").header("If-Range", validator);
            }
            call = api.newCall(request);
            if (cancelled) {
                call.cancel();
            }
            try (Response r = call.execute()) {
                if (r.code() == 416) {
                    throw new TransferException(TransferException.Kind.SIZE_MISMATCH, "the partial file " + part
                            + " is longer than the file on the agent: delete it and download again", null);
                }
                if (r.code() != 200 && r.code() != 206) {
                    throw api.errorOf(r);
                }
                if (r.code() == 200 && offset > 0) {
                    offset = 0;
                    restartedBecause = "the file changed on the agent since the partial download, so it was downloaded again";
                } else if (r.code() == 206 && !String.valueOf(r.header("Content-Range")).startsWith("bytes " + offset + "-")) {
                    throw new TransferException(TransferException.Kind.SIZE_MISMATCH, "the server sent another range ("
                            + r.header("Content-Range") + ") than the one asked for", null);
                }
                saveValidator(tag, r.header("ETag"));
                long total = parseLong(r.header(SIZE_HEADER));
                MessageDigest whole = sha256();
                // From the start, the bytes received are the whole file: one digest serves as both.
                MessageDigest tail = offset == 0 ? whole : sha256();
                long done = copy(r, part, offset, total, whole, tail, listener);
                String wholeHex = HexFormat.of().formatHex(whole.digest());
                if (total >= 0 && done != total) {
                    throw new TransferException(TransferException.Kind.SIZE_MISMATCH,
                            "received " + done + " bytes of " + total, null);
                }
                String announcedTail = r.trailers().get(SHA256_TRAILER);
                String announcedWhole = r.trailers().get(FILE_SHA256_TRAILER);
                checkDigest(announcedTail, tail == whole ? wholeHex : HexFormat.of().formatHex(tail.digest()), part, tag);
                checkDigest(announcedWhole, wholeHex, part, tag);
                boolean verified = announcedWhole != null || (offset == 0 && announcedTail != null);
                move(part, target);
                Files.deleteIfExists(tag);
                return new Result(target, done, wholeHex, verified, offset, restartedBecause);
            }
        }

        /**
         * Writes the response after the first {@code offset} bytes of the part file, which are hashed
         * into {@code whole} first. Network read failures become a {@link TransferException}, local
         * write failures a {@link SaveException}.
         */
        private long copy(Response r, Path part, long offset, long total, MessageDigest whole, MessageDigest tail,
                          Listener listener) throws IOException, TransferException {
            FileChannel out;
            try {
                out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                hashPrefix(out, offset, whole);
                out.truncate(offset);
                out.position(offset);
            } catch (IOException e) {
                throw new SaveException(part, e);
            }
            long done = offset;
            try (out; InputStream in = r.body().byteStream()) {
                listener.progress(done, total);
                byte[] buffer = new byte[64 * 1024];
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        if (cancelled) {
                            throw new TransferException(TransferException.Kind.CANCELLED,
                                    "cancelled after " + done + " bytes", e);
                        }
                        throw new TransferException(TransferException.Kind.INTERRUPTED, "transfer broke off after "
                                + done + (total >= 0 ? " of " + total : "") + " bytes", e);
                    }
                    if (n < 0) {
                        return done;
                    }
                    try {
                        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                        while (bytes.hasRemaining()) {
                            out.write(bytes);
                        }
                    } catch (IOException e) {
                        throw new SaveException(part, e);
                    }
                    whole.update(buffer, 0, n);
                    if (tail != whole) {
                        tail.update(buffer, 0, n);
                    }
                    done += n;
                    listener.progress(done, total);
                }
            }
        }
    }

    /** Where the version (ETag) of the file a part file holds is kept, beside it. */
    public static Path validatorFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part.etag");
    }

    private static String readValidator(Path tag) throws SaveException {
        try {
            if (!Files.exists(tag)) {
                return null;
            }
            String value = Files.readString(tag, StandardCharsets.UTF_8).trim();
            return value.startsWith("\"") ? value : null;
        } catch (IOException e) {
            throw new SaveException(tag, e);
        }
    }

    /** Keeps a strong ETag for a later resume; a weak one (or none) cannot vouch for a resume. */
    private static void saveValidator(Path tag, String etag) throws SaveException {
        try {
            if (etag != null && etag.startsWith("\"")) {
                Files.writeString(tag, etag, StandardCharsets.UTF_8);
            } else {
                Files.deleteIfExists(tag);
            }
        } catch (IOException e) {
            throw new SaveException(tag, e);
        }
    }

    private static void hashPrefix(FileChannel part, long length, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        long position = 0;
        while (position < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
            int read = part.read(buffer, position);
            if (read < 0) {
                throw new IOException("the part file shrank while it was being checked");
            }
            digest.update(buffer.array(), 0, read);
            position += read;
        }
    }

    /** A digest the server announced that differs from what arrived: the part is useless, so it goes. */
    private static void checkDigest(String announced, String received, Path part, Path tag)
            throws IOException, TransferException {
        if (announced != null && !announced.equalsIgnoreCase(received)) {
            Files.deleteIfExists(part);
            Files.deleteIfExists(tag);
            throw new TransferException(TransferException.Kind.CHECKSUM_MISMATCH,
                    "SHA-256 mismatch: received " + received + ", agent sent " + announced, null);
        }
    }

    private static void move(Path part, Path target) throws SaveException {
        try {
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SaveException(target, e);
        }
    }

    private static long parseLong(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
