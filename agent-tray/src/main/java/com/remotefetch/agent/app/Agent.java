package com.remotefetch.agent.app;

import java.io.IOException;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.agent.connection.AgentConnection;
import com.remotefetch.agent.connection.StateHolder;
import com.remotefetch.agent.share.SharedFiles;
import com.remotefetch.agent.transfer.TransferManager;
import com.remotefetch.agent.transfer.UploadLimiter;
import com.remotefetch.protocol.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/** A running agent engine: its threads, its shared files and its one connection. */
public final class Agent implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final AgentConnection connection;
    private final SharedFiles shares;
    private final UploadLimiter uploadLimiter;

    public Agent(AgentConfig config, OkHttpClient http) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("agent-timer"));
        this.workers = Executors.newFixedThreadPool(config.maxTransfers(), daemon("agent-transfer"));
        this.shares = new SharedFiles(config.files(), config.dirs());
        this.uploadLimiter = new UploadLimiter(config.maxUploadBytesPerSecond(), UploadLimiter.Clock.SYSTEM);
        this.connection = new AgentConnection(config, http, new Protocol(), shares, uploadLimiter, scheduler, workers,
                version(), hostname());
    }

    /** The OkHttp client an agent wants: pings to find a dead link, no compression of file bytes. */
    public static OkHttpClient httpClient() {
        return baseClient().build();
    }

    /** The same, trusting the server as {@code config} says (extra CA file, pinned key). */
    public static OkHttpClient httpClient(AgentConfig config) throws IOException {
        return config.tls().apply(baseClient(), config.agentUrl().getHost()).build();
    }

    /** Also what the server's idle timeout is sized by (two and a half of these). */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(45);

    private static OkHttpClient.Builder baseClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                // The link's keepalive: the server's Jetty answers pings without waking the application,
                // so 10,000 idle agents cost it about 1.5 % of a core (docs/BENCHMARKS.md). A pong
                // missing by the next ping fails the socket: a dead link is noticed within 45-90 s.
                .pingInterval(PING_INTERVAL)
                .minWebSocketMessageToCompress(Long.MAX_VALUE);
    }

    public Agent start() {
        connection.start();
        return this;
    }

    public StateHolder state() {
        return connection.state();
    }

    public TransferManager transfers() {
        return connection.transfers();
    }

    public SharedFiles shares() {
        return shares;
    }

    /** The cap on what this agent's transfers send together; changeable while running. */
    public UploadLimiter uploadLimiter() {
        return uploadLimiter;
    }

    public void reconnectNow() {
        connection.reconnectNow();
    }

    @Override
    public void close() {
        connection.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String version() {
        // An installed copy reports the package's version (set by the installer), a jar its build's.
        String v = System.getProperty("remotefetch.version", Agent.class.getPackage().getImplementationVersion());
        return v == null ? "dev" : v;
    }

    static String hostname() {
        String env = System.getenv(System.getProperty("os.name", "").startsWith("Windows") ? "COMPUTERNAME" : "HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
