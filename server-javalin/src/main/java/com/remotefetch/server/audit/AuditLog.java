package com.remotefetch.server.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Deque;
import java.util.ArrayDeque;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON lines, one per download attempt, successful or not. Each line is written and
 * flushed whole under a lock, so concurrent downloads never interleave.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** One download attempt. {@code rangeStart}/{@code rangeLength} are null for a whole file. */
    public record Entry(String time, String admin, String agent, String file, Long rangeStart, Long rangeLength,
                        long bytes, int status, String result, long durationMillis, String remoteAddress) {
    }

    /** An agent upload the server refused: whose, which, and why, with the status it got. */
    public record UploadRefusal(String time, String event, String agent, String upload, int status, String code,
                                String reason, String remoteAddress) {
        public UploadRefusal(String agent, String upload, int status, String code, String reason, String remoteAddress) {
            this(Instant.now().toString(), "upload_refused", agent, upload, status, code, reason, remoteAddress);
        }
    }

    /** A security event that is not a download: a connection ended for its credential, say. */
    public record SecurityEvent(String time, String event, String subject, String reason, String remoteAddress) {
        public SecurityEvent(String event, String subject, String reason, String remoteAddress) {
            this(Instant.now().toString(), event, subject, reason, remoteAddress);
        }
    }

    /** Download attempts kept in memory for the history view, newest first. */
    public static final int RECENT = 10_000;
    /** Guarded by itself. */
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final OutputStream out;
    private final JsonAdapter<Entry> adapter;
    private final JsonAdapter<UploadRefusal> refusals;
    private final JsonAdapter<SecurityEvent> events;

    private AuditLog(OutputStream out, Moshi moshi) {
        this.out = out;
        this.adapter = moshi.adapter(Entry.class);
        this.refusals = moshi.adapter(UploadRefusal.class);
        this.events = moshi.adapter(SecurityEvent.class);
    }

    /** A log that keeps nothing: tests and embedded servers that do not audit. */
    public static AuditLog discarding(Moshi moshi) {
        return new AuditLog(OutputStream.nullOutputStream(), moshi);
    }

    /** Appends to {@code file}; "-" means standard output (containers). */
    public static AuditLog open(String file, Moshi moshi) throws IOException {
        if (file.equals("-")) {
            return new AuditLog(new PrintStream(new FileOutputStream(FileDescriptor.out), true), moshi);
        }
        Path path = Path.of(file);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new AuditLog(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), moshi);
    }

    public void record(Entry entry) {
        append(adapter.toJson(entry));
        synchronized (recent) {
            recent.addFirst(entry);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    /** The latest download attempts, newest first, at most {@link #RECENT}: what /api/transfers serves. */
    public List<Entry> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public void record(UploadRefusal refusal) {
        append(refusals.toJson(refusal));
    }

    public void record(SecurityEvent event) {
        append(events.toJson(event));
    }

    private void append(String json) {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(line);
                out.flush();
            } catch (IOException e) {
                log.error("cannot write the audit log: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
