package com.remotefetch.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /** Told of progress from the downloading thread, at most every 64 KiB. */
    public interface Listener {
        void progress(long bytesDone, long bytesTotal);
    }

    /** A finished download. */
    public record Result(Path file, long size, String sha256, boolean verified, long resumedFrom) {
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

        public Result run(Listener listener) throws IOException, ApiException, TransferException {
            Path part = partFile(target);
            long offset = resume && Files.exists(part) ? Files.size(part) : 0;
            Request.Builder request = new Request.Builder().url(api.downloadUrl(clientId, file));
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            call = api.newCall(request);
            if (cancelled) {
                call.cancel();
            }
            try (Response r = call.execute()) {
                if (r.code() != 200 && r.code() != 206) {
                    throw api.errorOf(r);
                }
                if (r.code() == 200) {
                    offset = 0; // the server sent the whole file after all
                }
                long total = parseLong(r.header(SIZE_HEADER));
                MessageDigest digest = sha256();
                long done = copy(r, part, offset, total, digest, listener);
                String received = HexFormat.of().formatHex(digest.digest());
                String announced = r.trailers().get(SHA256_TRAILER);
                if (total >= 0 && done != total) {
                    throw new TransferException(TransferException.Kind.SIZE_MISMATCH,
                            "received " + done + " bytes of " + total, null);
                }
                if (announced != null && !announced.equalsIgnoreCase(received)) {
                    Files.deleteIfExists(part);
                    throw new TransferException(TransferException.Kind.CHECKSUM_MISMATCH,
                            "SHA-256 mismatch: received " + received + ", agent sent " + announced, null);
                }
                move(part, target);
                return new Result(target, done, received, announced != null, offset);
            }
        }

        /** Network read failures become a {@link TransferException}, local write failures a {@link SaveException}. */
        private long copy(Response r, Path part, long offset, long total, MessageDigest digest, Listener listener)
                throws IOException, TransferException {
            long done = offset;
            OutputStream out;
            try {
                out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new SaveException(part, e);
            }
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
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        throw new SaveException(part, e);
                    }
                    digest.update(buffer, 0, n);
                    done += n;
                    listener.progress(done, total);
                }
            }
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
