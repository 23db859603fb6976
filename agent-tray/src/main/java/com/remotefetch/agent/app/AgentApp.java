package com.remotefetch.agent.app;

import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.agent.config.AgentSettings;
import com.remotefetch.agent.config.UploadRate;
import com.remotefetch.agent.connection.AgentState;
import com.remotefetch.agent.connection.StateHolder;
import com.remotefetch.agent.transfer.TransferManager;
import com.remotefetch.protocol.FileInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a long-running program: resolves its settings, runs an {@link Agent} when they
 * are usable (else shows "not configured"), and watches the config file so edits apply without a
 * restart: a change to the shared files is applied in place (and re-announced), any other change
 * reconnects with the new settings.
 */
public final class AgentApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentApp.class);

    private final Supplier<AgentSettings.Resolution> resolver;
    private final Path configFile;
    private final ScheduledExecutorService watcher;
    /** Mirrors the running agent's state (which logs it) and adds "not configured". */
    private final StateHolder state = new StateHolder(false);
    private final Consumer<AgentState> forward = s -> state.update(old -> s);

    /** Guarded by this. */
    private Agent agent;
    /** Guarded by this. */
    private AgentConfig config;
    /** Guarded by this. */
    private String fileStamp = "";

    public AgentApp(Supplier<AgentSettings.Resolution> resolver, Path configFile, ScheduledExecutorService watcher) {
        this.resolver = resolver;
        this.configFile = configFile;
        this.watcher = watcher;
    }

    public AgentApp start() {
        synchronized (this) {
            fileStamp = stamp();
        }
        apply(resolver.get());
        watcher.scheduleWithFixedDelay(this::checkConfigFile, 2, 2, TimeUnit.SECONDS);
        return this;
    }

    public StateHolder state() {
        return state;
    }

    public synchronized AgentConfig config() {
        return config;
    }

    public synchronized List<TransferManager.Active> activeTransfers() {
        return agent == null ? List.of() : agent.transfers().active();
    }

    public synchronized List<TransferManager.Finished> recentTransfers() {
        return agent == null ? List.of() : agent.transfers().recent();
    }

    public synchronized List<FileInfo> sharedFiles() {
        return agent == null ? List.of() : agent.shares().list();
    }

    public synchronized List<String> missingFiles() {
        return agent == null ? List.of() : agent.shares().missing();
    }

    /** Bytes per second all transfers may send together now; 0 for no cap. */
    public synchronized long uploadCap() {
        return agent == null ? 0 : agent.uploadLimiter().bytesPerSecond();
    }

    public synchronized void reconnectNow() {
        if (agent != null) {
            agent.reconnectNow();
        }
    }

    /** Re-reads the settings now (also done whenever the config file changes). */
    public void reload() {
        apply(resolver.get());
    }

    private void checkConfigFile() {
        String now = stamp();
        synchronized (this) {
            if (now.equals(fileStamp)) {
                return;
            }
            fileStamp = now;
        }
        log.info("config file {} changed; reloading", configFile);
        reload();
    }

    private synchronized void apply(AgentSettings.Resolution resolution) {
        if (!resolution.ok()) {
            stopAgent();
            config = null;
            log.warn("agent not configured: {} (edit {} to fix; it is re-read on change)", resolution.problem(), configFile);
            state.update(s -> AgentState.notConfigured(resolution.problem()));
            return;
        }
        AgentConfig next = resolution.config();
        if (agent != null && sameConnection(config, next)) {
            if (!next.files().equals(config.files()) || !next.dirs().equals(config.dirs())) {
                log.info("shared files changed to {} and folders {}", next.files(), next.dirs());
                agent.shares().reconfigure(next.files(), next.dirs());
                warnIfNothingToShare(agent);
            }
            if (next.maxUploadBytesPerSecond() != config.maxUploadBytesPerSecond()) {
                log.info("upload cap changed to {}", UploadRate.describe(next.maxUploadBytesPerSecond()));
                agent.uploadLimiter().rate(next.maxUploadBytesPerSecond());
            }
            config = next;
            return;
        }
        stopAgent();
        config = next;
        try {
            agent = new Agent(next, Agent.httpClient(next));
        } catch (IOException e) {
            log.warn("cannot set up TLS trust: {}", e.getMessage());
            state.update(s -> AgentState.notConfigured("cannot read the CA file: " + e.getMessage()));
            return;
        }
        agent.state().addListener(forward);
        agent.start();
        warnIfNothingToShare(agent);
    }

    /** Says plainly when admins will find nothing here: the default file is missing and nothing else is shared. */
    private static void warnIfNothingToShare(Agent agent) {
        List<String> missing = agent.shares().missing();
        if (agent.shares().list().isEmpty()) {
            log.warn("nothing is shared: {}; admins will find no files on this computer. Create the file, or set"
                    + " files= or dirs= in the config (or --file / --dir)", missing.isEmpty()
                    ? "no files or folders are configured" : String.join(", ", missing) + " does not exist");
        } else if (!missing.isEmpty()) {
            log.warn("shared files that do not exist (yet): {}", String.join(", ", missing));
        }
    }

    private static boolean sameConnection(AgentConfig a, AgentConfig b) {
        return a != null && a.clientId().equals(b.clientId()) && a.agentUrl().equals(b.agentUrl())
                && Objects.equals(a.token(), b.token()) && a.tls().equals(b.tls());
    }

    private void stopAgent() {
        if (agent != null) {
            agent.state().removeListener(forward);
            agent.close();
            agent = null;
        }
    }

    private String stamp() {
        try {
            return Files.exists(configFile)
                    ? Files.getLastModifiedTime(configFile).toMillis() + ":" + Files.size(configFile) : "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public synchronized void close() {
        stopAgent();
    }
}
