package com.remotefetch.server.hub;

import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent WebSocket connection. Jetty delivers its frames on one thread at a time ({@code on*}
 * methods); download threads call {@link #openTransfer} and send through it concurrently, which
 * Jetty's asynchronous sends allow.
 */
public final class AgentSession {
    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Session socket;
    private final Protocol protocol;
    private final AgentHub hub;
    private final String remoteAddress;
    /** The id the agent's token proves, or null when agents are not authenticated. */
    private final String authenticatedId;
    private final Instant connectedAt = Instant.now();
    private final ConcurrentMap<Long, Transfer> transfers = new ConcurrentHashMap<>();
    private final AtomicLong lastTransferId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Socket thread only. */
    private long fileListWindowStart = System.nanoTime();
    /** Socket thread only. */
    private int fileListsInWindow;

    private volatile Message.Hello hello;
    private volatile List<FileInfo> files = List.of();
    private volatile Instant lastHeartbeat = connectedAt;

    /** The token that proved {@link #authenticatedId}, re-checked while connected; null when agents are not authenticated. */
    private final String credential;

    AgentSession(Session socket, Protocol protocol, AgentHub hub, String remoteAddress, String authenticatedId,
                 String credential) {
        this.credential = credential;
        this.socket = socket;
        this.protocol = protocol;
        this.hub = hub;
        this.remoteAddress = remoteAddress;
        this.authenticatedId = authenticatedId;
    }

    // ---- what the REST API reads ---------------------------------------------------------------

    public String clientId() {
        Message.Hello h = hello;
        return h == null ? null : h.clientId();
    }

    public String agentVersion() {
        return hello.agentVersion();
    }

    public String hostname() {
        return hello.hostname();
    }

    public Map<String, String> labels() {
        return hello.labels();
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The token this connection was opened with, or null when agents are not authenticated. */
    public String credential() {
        return credential;
    }

    /** Its credential no longer holds (revoked, expired): the connection ends now. */
    public void credentialWithdrawn(String why) {
        close(Protocol.CLOSE_POLICY_VIOLATION, why);
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public List<FileInfo> files() {
        return files;
    }

    /** This agent as listings show it; {@code instance} names the server instance holding it. */
    public AgentListing listing(String instance) {
        return new AgentListing(clientId(), connectedAt.toString(), lastHeartbeat.toString(), remoteAddress,
                agentVersion(), hostname(), activeTransfers(), files, labels(), instance);
    }

    public boolean sharesFile(String name) {
        return files.stream().anyMatch(f -> f.name().equals(name));
    }

    public int activeTransfers() {
        return transfers.size();
    }

    // ---- downloads -----------------------------------------------------------------------------

    /** Registers a transfer and asks the agent for it with one window of credit. */
    public Transfer openTransfer(String file, long offset, long length, int window, String requestedBy) {
        long id = lastTransferId.incrementAndGet();
        Uploads uploads = hub.uploads();
        boolean offerUpload = uploads != null && hello.protocol() >= Protocol.UPLOADS_SINCE;
        Transfer transfer = new Transfer(id, this, window, offerUpload ? uploads.newOffer() : null);
        transfers.put(id, transfer);
        if (offerUpload) {
            uploads.register(transfer);
        }
        if (closed.get()) {
            transfer.fail(Transfer.Failure.AGENT_GONE, "agent " + clientId() + " disconnected");
        } else {
            send(new Message.Fetch(id, file, offset, length, window, requestedBy, transfer.offer()));
        }
        return transfer;
    }

    /** Called by a transfer when its HTTP side is done with it. */
    public void forget(Transfer transfer) {
        transfers.remove(transfer.id(), transfer);
        if (transfer.offer() != null) {
            hub.uploads().forget(transfer);
        }
    }

    /** A transfer offered an upload is arriving in frames. */
    void uploadFellBack(Transfer transfer) {
        hub.uploads().fellBack(transfer);
    }

    public void send(Message message) {
        socket.getRemote().sendString(protocol.encode(message), new WriteCallback() {
            @Override
            public void writeFailed(Throwable x) {
                log.debug("send to agent {} failed: {}", clientId(), x.toString());
            }
        });
    }

    // ---- frames from the agent (one Jetty thread at a time) ------------------------------------

    void onText(String text) throws ProtocolException {
        if (hello != null && Protocol.isHeartbeat(text)) {
            lastHeartbeat = Instant.now(); // thousands a second with a big fleet: no full parse
            return;
        }
        Message message = protocol.decode(text);
        if (hello == null) {
            if (!(message instanceof Message.Hello h)) {
                throw new ProtocolException("expected hello, got " + message.getClass().getSimpleName());
            }
            onHello(h);
            return;
        }
        if (message instanceof Message.FilesChanged changed) {
            if (!fileListAllowed(changed.files())) {
                return;
            }
            files = changed.files();
            log.info("agent {} now shares {} files", clientId(), files.size());
            hub.changed(this);
        } else if (message instanceof Message.Heartbeat) {
            lastHeartbeat = Instant.now();
        } else if (message instanceof Message.FileMeta meta) {
            Transfer t = transferFor(meta.transferId());
            if (t == null) {
                send(new Message.Cancel(meta.transferId(), "transfer no longer wanted"));
            } else {
                t.onMeta(meta);
            }
        } else if (message instanceof Message.TransferEnd end) {
            Transfer t = transferFor(end.transferId());
            if (t != null) {
                t.onEnd(end);
            }
        } else if (message instanceof Message.TransferError error) {
            Transfer t = transferFor(error.transferId());
            if (t != null) {
                t.onError(error);
            }
        } else {
            throw new ProtocolException("unexpected " + message.getClass().getSimpleName() + " from an agent");
        }
    }

    /**
     * A file list costs a parse and an update for every subscriber: at most
     * {@link Protocol#MAX_FILE_LISTS_PER_WINDOW} per {@link Protocol#FILE_LIST_WINDOW_SECONDS} s and
     * {@link Protocol#MAX_FILES_PER_LIST} files each. Socket thread only.
     */
    private boolean fileListAllowed(List<FileInfo> list) throws ProtocolException {
        if (list.size() > Protocol.MAX_FILES_PER_LIST) {
            throw new ProtocolException("a file list may name at most " + Protocol.MAX_FILES_PER_LIST + " files");
        }
        long now = System.nanoTime();
        if (now - fileListWindowStart > TimeUnit.SECONDS.toNanos(Protocol.FILE_LIST_WINDOW_SECONDS)) {
            fileListWindowStart = now;
            fileListsInWindow = 0;
        }
        if (++fileListsInWindow > Protocol.MAX_FILE_LISTS_PER_WINDOW) {
            close(Protocol.CLOSE_POLICY_VIOLATION, "file lists sent too often");
            return false;
        }
        return true;
    }

    private void onHello(Message.Hello h) throws ProtocolException {
        if (h.protocol() < Protocol.MIN_VERSION || h.protocol() > Protocol.VERSION) {
            close(Protocol.CLOSE_UNSUPPORTED_VERSION, "protocol version " + h.protocol() + " is not supported; this server"
                    + " speaks " + Protocol.MIN_VERSION + " to " + Protocol.VERSION);
            return;
        }
        if (!CLIENT_ID.matcher(h.clientId()).matches()) {
            throw new ProtocolException("invalid client id: use 1-64 letters, digits, '.', '_' or '-'");
        }
        if (authenticatedId != null && !authenticatedId.equals(h.clientId())) {
            close(Protocol.CLOSE_POLICY_VIOLATION, "this token is for " + authenticatedId + ", not " + h.clientId());
            return;
        }
        if (h.files().size() > Protocol.MAX_FILES_PER_LIST) {
            throw new ProtocolException("a file list may name at most " + Protocol.MAX_FILES_PER_LIST + " files");
        }
        files = h.files();
        lastHeartbeat = Instant.now();
        hello = h;
        if (!hub.register(this)) {
            close(Protocol.CLOSE_TRY_AGAIN_LATER, "the server has reached its maximum number of agents");
            return;
        }
        send(new Message.Welcome(Protocol.VERSION, ServerVersion.get()));
    }

    void onBinary(ByteBuffer frame) throws ProtocolException {
        if (hello == null) {
            throw new ProtocolException("binary frame before hello");
        }
        DataFrame data = DataFrame.decode(frame);
        Transfer t = transferFor(data.transferId());
        if (t != null) {
            t.onData(data.payload());
        }
    }

    /**
     * The live transfer with this id, or null for one that ended or was cancelled (its in-flight
     * frames are dropped). An id the server never issued is a protocol error.
     */
    private Transfer transferFor(long id) throws ProtocolException {
        if (id <= 0 || id > lastTransferId.get()) {
            throw new ProtocolException("transfer " + id + " was never requested");
        }
        return transfers.get(id);
    }

    // ---- the end of the connection -------------------------------------------------------------

    /**
     * A newer connection took over this id (here, or on another instance of a cluster): close this
     * one and fail what it was carrying.
     */
    public void replaced() {
        close(Protocol.CLOSE_REPLACED, "replaced by a newer connection for the same client id");
    }

    void close(int code, String reason) {
        if (closed.get()) {
            return;
        }
        log.warn("closing agent {} from {}: {} {}", clientId() == null ? "(before its hello)" : clientId(),
                remoteAddress, code, reason);
        socket.close(code, reason);
        onClosed(reason);
    }

    /** Idempotent: fails every open transfer and leaves the registry (if still the live one). */
    void onClosed(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        hub.unregister(this, reason);
        for (Transfer t : transfers.values()) {
            t.fail(Transfer.Failure.AGENT_GONE, "agent " + clientId() + " disconnected: " + reason);
        }
    }
}
