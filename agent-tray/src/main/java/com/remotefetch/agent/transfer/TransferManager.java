package com.remotefetch.agent.transfer;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import com.remotefetch.agent.share.SharedFiles;
import com.remotefetch.protocol.ErrorCode;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import okhttp3.WebSocket;

/** The agent's transfers in flight: starts them within the limit, routes credit and cancels. */
public final class TransferManager {

    /** A transfer as the tray and logs see it; {@code length} is -1 until known. */
    public record Active(long id, String name, String requestedBy, long sentBytes, long length) {
    }

    /** A finished transfer, for the tray's "last transfers". */
    public record Finished(String name, String requestedBy, Instant at, String result, long bytes) {
    }

    private static final int HISTORY = 10;
    /** Whole-file digests of versions sent before, shared by this agent's transfers. */
    private final DigestCache digests = new DigestCache();
    private final Deque<Finished> history = new ArrayDeque<>();

    private final SharedFiles shares;
    private final Protocol protocol;
    private final ExecutorService workers;
    private final int maxTransfers;
    private final int chunkBytes;
    private final UploadLimiter limiter;
    private final Uploader uploader;
    private final Consumer<Integer> onCountChanged;
    private final ConcurrentMap<Long, AgentTransfer> active = new ConcurrentHashMap<>();

    public TransferManager(SharedFiles shares, Protocol protocol, ExecutorService workers, int maxTransfers,
                           int chunkBytes, UploadLimiter limiter, Uploader uploader, Consumer<Integer> onCountChanged) {
        this.shares = shares;
        this.protocol = protocol;
        this.workers = workers;
        this.maxTransfers = maxTransfers;
        this.chunkBytes = chunkBytes;
        this.limiter = limiter;
        this.uploader = uploader;
        this.onCountChanged = onCountChanged;
    }

    /** Called on the socket's reader thread; never blocks. */
    public void start(Message.Fetch fetch, WebSocket socket) {
        if (active.size() >= maxTransfers) {
            socket.send(protocol.encode(new Message.TransferError(fetch.transferId(), ErrorCode.BUSY,
                    "agent is already serving " + maxTransfers + " transfers")));
            return;
        }
        AgentTransfer[] self = new AgentTransfer[1];
        self[0] = new AgentTransfer(fetch, socket, protocol, shares, chunkBytes, limiter, uploader, digests, result -> {
            active.remove(fetch.transferId(), self[0]);
            remember(new Finished(self[0].name(), fetch.requestedBy(), Instant.now(), result, self[0].sent()));
            onCountChanged.accept(active.size());
        });
        active.put(fetch.transferId(), self[0]);
        onCountChanged.accept(active.size());
        workers.execute(self[0]);
    }

    public void credit(long transferId, long bytes) {
        AgentTransfer t = active.get(transferId);
        if (t != null) {
            t.addCredit(bytes);
        }
    }

    public void cancel(long transferId) {
        AgentTransfer t = active.get(transferId);
        if (t != null) {
            t.cancel();
        }
    }

    /** The connection is gone: every transfer on it stops. */
    public void cancelAll() {
        active.values().forEach(AgentTransfer::cancel);
    }

    /** Cancels every transfer and stops the upload threads: the agent is stopping. */
    public void close() {
        cancelAll();
        uploader.close();
    }

    public List<Active> active() {
        return active.values().stream().map(t -> new Active(t.id(), t.name(), t.requestedBy(), t.sent(), t.length()))
                .toList();
    }

    /** The last finished transfers, newest first. */
    public synchronized List<Finished> recent() {
        return List.copyOf(history);
    }

    private synchronized void remember(Finished finished) {
        history.addFirst(finished);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
    }

    /** The digests remembered for versions sent before (for tests). */
    DigestCache digests() {
        return digests;
    }
}
