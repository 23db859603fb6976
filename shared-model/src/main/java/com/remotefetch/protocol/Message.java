package com.remotefetch.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every JSON control message on the agent WebSocket. The {@code type} label is written first and
 * names the record; {@link Protocol} owns the mapping. File bytes never travel here: they go in
 * HTTP uploads (see {@link UploadOffer}) or, where those cannot get through, in binary frames
 * (see {@link DataFrame}).
 */
public sealed interface Message {

    // ---- agent to server -------------------------------------------------------------------

    /**
     * First message of every connection. The server answers {@link Welcome} or closes.
     * {@code labels} ({@code region=west}, ...) let admins select agents in groups.
     */
    record Hello(int protocol, String clientId, String agentVersion, String hostname,
                 List<FileInfo> files, Map<String, String> labels) implements Message {
        public Hello {
            Objects.requireNonNull(clientId, "clientId");
            files = files == null ? List.of() : List.copyOf(files);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        /** A hello without labels, as agents before labels send it. */
        public Hello(int protocol, String clientId, String agentVersion, String hostname, List<FileInfo> files) {
            this(protocol, clientId, agentVersion, hostname, files, Map.of());
        }
    }

    /** The shared set changed; replaces the list sent at hello. */
    record FilesChanged(List<FileInfo> files) implements Message {
        public FilesChanged {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /** Sent periodically so the server can show liveness and proxies see traffic. */
    record Heartbeat(long sentAtMillis) implements Message {
    }

    /**
     * Answer to {@link Fetch}: the bytes of {@code [offset, offset + length)} follow.
     * {@code version} names this exact content of the file (it changes whenever the file does), so
     * a resumed download can tell it is continuing the same file; absent from older agents.
     */
    record FileMeta(long transferId, String name, long size, long modifiedMillis, long offset,
                    long length, String version) implements Message {
        public FileMeta {
            Objects.requireNonNull(name, "name");
            // Written so that no sum can overflow: offset + length <= size.
            if (size < 0 || offset < 0 || length < 0 || offset > size || length > size - offset) {
                throw new IllegalArgumentException("inconsistent range " + offset + "+" + length + " of " + size);
            }
        }

        /** A meta without a version, as protocol-1 agents send it. */
        public FileMeta(long transferId, String name, long size, long modifiedMillis, long offset, long length) {
            this(transferId, name, size, modifiedMillis, offset, length, null);
        }
    }

    /**
     * All bytes of a transfer were sent; {@code sha256} is the hex digest of exactly those bytes.
     * {@code fileSha256}, present when the transfer ran to the end of the file, is the digest of
     * the whole file, prefix included, so a resumed download can verify everything it holds.
     */
    record TransferEnd(long transferId, long bytes, String sha256, String fileSha256) implements Message {
        public TransferEnd {
            Objects.requireNonNull(sha256, "sha256");
        }

        /** An end without the whole-file digest, as protocol-1 agents send it. */
        public TransferEnd(long transferId, long bytes, String sha256) {
            this(transferId, bytes, sha256, null);
        }
    }

    /** The agent cannot (or can no longer) serve a transfer. */
    record TransferError(long transferId, ErrorCode code, String message) implements Message {
        public TransferError {
            Objects.requireNonNull(code, "code");
            message = message == null ? code.name() : message;
        }
    }

    // ---- server to agent -------------------------------------------------------------------

    /** The server accepted the hello. */
    record Welcome(int protocol, String serverVersion) implements Message {
    }

    /**
     * Asks for a file. {@code file == null} means the agent's default file; {@code length == -1}
     * means to the end of the file. {@code credit} is how many bytes the agent may send before it
     * receives a {@link Credit}. {@code requestedBy} names the admin, for the agent's log and tray
     * (absent when admins are not authenticated). {@code upload}, offered to protocol-2 agents, says
     * how to send the bytes as HTTP uploads instead of binary frames; the credit then does not apply.
     */
    record Fetch(long transferId, String file, long offset, long length, long credit, String requestedBy,
                 UploadOffer upload) implements Message {
        public Fetch {
            if (offset < 0 || length < -1 || credit <= 0) {
                throw new IllegalArgumentException("bad fetch " + offset + "/" + length + "/" + credit);
            }
        }

        /** A fetch answered in binary frames, as protocol 1 has it. */
        public Fetch(long transferId, String file, long offset, long length, long credit, String requestedBy) {
            this(transferId, file, offset, length, credit, requestedBy, null);
        }
    }

    /** Lets the agent send {@code bytes} more of a transfer. */
    record Credit(long transferId, long bytes) implements Message {
        public Credit {
            if (bytes <= 0) {
                throw new IllegalArgumentException("credit must be positive: " + bytes);
            }
        }
    }

    /** Stop a transfer now: the admin went away or the server gave up on it. */
    record Cancel(long transferId, String reason) implements Message {
    }
}
