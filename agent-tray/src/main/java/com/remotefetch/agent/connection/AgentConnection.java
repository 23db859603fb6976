package com.remotefetch.agent.connection;

import java.util.Random;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.agent.share.SharedFiles;
import com.remotefetch.agent.transfer.TransferManager;
import com.remotefetch.agent.transfer.UploadLimiter;
import com.remotefetch.agent.transfer.Uploader;
import com.remotefetch.protocol.FileInfo;
import com.remotefetch.protocol.Message;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.protocol.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one outbound WebSocket to the server, forever: connects, says hello, serves fetches,
 * heartbeats, re-announces the shared files when they change, and reconnects with backoff after
 * any loss. OkHttp's reader thread delivers frames; a scheduler runs timers; a worker pool reads
 * files. Callbacks from a socket that is no longer current are ignored.
 */
public final class AgentConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);
    /** How long an agent replaced by another with its id waits before it connects again. */
    static final Duration ID_CONFLICT_BACKOFF = Duration.ofMinutes(5);

    private final AgentConfig config;
    private final OkHttpClient http;
    private final Protocol protocol;
    private final SharedFiles shares;
    private final ScheduledExecutorService scheduler;
    private final TransferManager transfers;
    private final StateHolder state = new StateHolder();
    private final Backoff backoff;
    private final String agentVersion;
    private final String hostname;

    /** Guarded by this. */
    private WebSocket current;
    /** Guarded by this. */
    private ScheduledFuture<?> pendingRetry;
    /** Guarded by this. */
    private boolean closed;
    /** Guarded by this. */
    private List<FileInfo> announced = List.of();

    public AgentConnection(AgentConfig config, OkHttpClient http, Protocol protocol, SharedFiles shares,
                           UploadLimiter uploadLimiter, ScheduledExecutorService scheduler, ExecutorService workers, String agentVersion,
                           String hostname) {
        this.config = config;
        this.http = http;
        this.protocol = protocol;
        this.shares = shares;
        this.scheduler = scheduler;
        this.agentVersion = agentVersion;
        this.hostname = hostname;
        this.backoff = new Backoff(config.backoffMin(), config.backoffMax(), new Random());
        this.transfers = new TransferManager(shares, protocol, workers, config.maxTransfers(), config.chunkBytes(),
                uploadLimiter, new Uploader(http, config::serverUrl, config.token(), !config.framesOnly()),
                count -> state.update(s -> withTransfers(s, count)));
    }

    public StateHolder state() {
        return state;
    }

    public TransferManager transfers() {
        return transfers;
    }

    public void start() {
        long heartbeat = config.heartbeat().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long rescan = config.rescan().toMillis();
        scheduler.scheduleWithFixedDelay(this::announceIfChanged, rescan, rescan, TimeUnit.MILLISECONDS);
        connect();
    }

    /** Drops the current socket, if any, and connects again at once. */
    public void reconnectNow() {
        WebSocket old;
        synchronized (this) {
            old = current;
            current = null;
            if (pendingRetry != null) {
                pendingRetry.cancel(false);
            }
        }
        if (old != null) {
            transfers.cancelAll();
            old.close(Protocol.CLOSE_NORMAL, "reconnecting");
        }
        backoff.reset();
        connect();
    }

    private void connect() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Request.Builder request = new Request.Builder().url(config.agentUrl().toString())
                    .header("User-Agent", "remotefetch-agent/" + agentVersion);
            if (config.token() != null) {
                request.header("Authorization", "Bearer " + config.token());
            }
            state.update(s -> new AgentState(AgentState.Status.CONNECTING, "connecting to " + config.agentUrl(), null,
                    s.activeTransfers()));
            current = http.newWebSocket(request.build(), new Listener());
        }
    }

    private void heartbeat() {
        send(new Message.Heartbeat(System.currentTimeMillis()));
    }

    private void announceIfChanged() {
        List<FileInfo> now = shares.list();
        synchronized (this) {
            if (now.equals(announced) || current == null || !state.current().online()) {
                return;
            }
            announced = now;
        }
        log.info("shared files changed; announcing {} files", now.size());
        send(new Message.FilesChanged(now));
    }

    private void send(Message message) {
        WebSocket socket;
        synchronized (this) {
            socket = current;
        }
        if (socket != null && state.current().online()) {
            socket.send(protocol.encode(message));
        }
    }

    private synchronized boolean isCurrent(WebSocket socket) {
        return socket == current;
    }

    private void lost(WebSocket socket, String why) {
        lost(socket, why, AgentState.Status.DISCONNECTED);
    }

    private void lost(WebSocket socket, String why, AgentState.Status status) {
        Duration delay;
        synchronized (this) {
            // A replacement reported after the socket was already given up (a failure on another
            // thread got there first) still counts, as long as no new socket was opened since.
            boolean lateConflict = status == AgentState.Status.ID_CONFLICT && current == null && pendingRetry != null;
            if (socket != current && !lateConflict) {
                return;
            }
            current = null;
            if (closed) {
                return;
            }
            if (pendingRetry != null) {
                pendingRetry.cancel(false);
            }
            // Replaced by another agent with our id: retrying soon would replace it in turn, and the
            // two would take each other's downloads down in a loop.
            delay = status == AgentState.Status.ID_CONFLICT ? ID_CONFLICT_BACKOFF : backoff.next();
            pendingRetry = scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        transfers.cancelAll();
        Instant at = Instant.now().plus(delay);
        state.update(s -> new AgentState(status, why, at, s.activeTransfers()));
    }

    private static AgentState withTransfers(AgentState s, int count) {
        if (!s.online()) {
            return new AgentState(s.status(), s.detail(), s.nextRetryAt(), count);
        }
        AgentState.Status status = count > 0 ? AgentState.Status.TRANSFERRING : AgentState.Status.CONNECTED;
        return new AgentState(status, s.detail(), null, count);
    }

    @Override
    public void close() {
        WebSocket socket;
        synchronized (this) {
            closed = true;
            socket = current;
            current = null;
            if (pendingRetry != null) {
                pendingRetry.cancel(false);
            }
        }
        transfers.close();
        if (socket != null) {
            socket.close(Protocol.CLOSE_NORMAL, "agent stopping");
        }
        state.update(s -> new AgentState(AgentState.Status.DISCONNECTED, "stopped", null, s.activeTransfers()));
    }

    private final class Listener extends WebSocketListener {
        @Override
        public void onOpen(WebSocket socket, Response response) {
            List<FileInfo> files = shares.list();
            synchronized (AgentConnection.this) {
                if (socket != current) {
                    return;
                }
                announced = files;
            }
            socket.send(protocol.encode(new Message.Hello(Protocol.VERSION, config.clientId(), agentVersion, hostname,
                    files, config.labels())));
        }

        @Override
        public void onMessage(WebSocket socket, String text) {
            if (!isCurrent(socket)) {
                return;
            }
            Message message;
            try {
                message = protocol.decode(text);
            } catch (ProtocolException e) {
                log.warn("server sent an invalid message: {}", e.getMessage());
                socket.close(Protocol.CLOSE_PROTOCOL_ERROR, "invalid message");
                return;
            }
            if (message instanceof Message.Welcome) {
                backoff.reset();
                state.update(s -> withTransfers(new AgentState(AgentState.Status.CONNECTED,
                        "connected to " + config.agentUrl().getAuthority() + " as " + config.clientId(), null, 0),
                        s.activeTransfers()));
            } else if (message instanceof Message.Fetch fetch) {
                transfers.start(fetch, socket);
            } else if (message instanceof Message.Credit credit) {
                transfers.credit(credit.transferId(), credit.bytes());
            } else if (message instanceof Message.Cancel cancel) {
                log.info("server cancelled transfer {}: {}", cancel.transferId(), cancel.reason());
                transfers.cancel(cancel.transferId());
            } else {
                log.warn("ignoring unexpected {} from the server", message.getClass().getSimpleName());
            }
        }

        @Override
        public void onClosing(WebSocket socket, int code, String reason) {
            // Decide first, then answer the close: answering can make OkHttp report a failure on
            // another thread, which must not win with a quick retry.
            if (code == Protocol.CLOSE_REPLACED) {
                log.warn("another agent connected to {} with this agent's id {} and replaced it; two computers must"
                        + " not share an id: check client_id in the configuration. Trying again in {} min",
                        config.agentUrl().getAuthority(), config.clientId(), ID_CONFLICT_BACKOFF.toMinutes());
                lost(socket, "another computer connected with the id " + config.clientId(), AgentState.Status.ID_CONFLICT);
            } else {
                lost(socket, "server closed the connection (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
            }
            socket.close(Protocol.CLOSE_NORMAL, null);
        }

        @Override
        public void onClosed(WebSocket socket, int code, String reason) {
            lost(socket, "connection closed (" + code + ")");
        }

        @Override
        public void onFailure(WebSocket socket, Throwable t, Response response) {
            String why;
            if (response != null && (response.code() == 401 || response.code() == 403)) {
                lost(socket, "server refused the credentials (HTTP " + response.code() + "): check the agent token",
                        AgentState.Status.REFUSED);
                return;
            } else if (response != null) {
                why = "server refused the connection: HTTP " + response.code();
            } else {
                why = "cannot reach " + config.agentUrl().getAuthority() + ": " + t.getMessage();
            }
            lost(socket, why);
        }
    }
}
