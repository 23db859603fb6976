package com.remotefetch.agent;

import com.remotefetch.client.TrustOptions;

import com.remotefetch.agent.config.LogDirDefiner;
import com.remotefetch.agent.app.AgentApp;
import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.config.AgentSettings;
import com.remotefetch.agent.config.AppDirs;
import com.remotefetch.agent.config.SingleInstance;
import com.remotefetch.agent.config.StartAtLogin;
import com.remotefetch.agent.tray.TrayUi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line entry: resolve settings (flags, env, config file), take the one-per-user lock,
 * start the agent, show the tray where there is one, run until Quit or a signal.
 */
@Command(name = "remotefetch-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        description = "Shares configured files with a RemoteFetch server over one outbound WebSocket.")
public final class AgentMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AgentMain.class);
    static final int ALREADY_RUNNING = 3;

    @Option(names = "--client-id", description = "Id admins use to reach this agent (env CLIENT_ID).")
    String clientId;

    @Option(names = "--server-url", description = "Server URL, http(s):// or ws(s):// (env SERVER_URL).")
    String serverUrl;

    @Option(names = "--file", description = "A file to share, known by its file name; repeatable. The first is the default.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--dir", description = "A folder whose files are shared by relative path; repeatable.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--token", description = "Agent token from the server operator (env AGENT_TOKEN).")
    String token;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--max-upload-rate", paramLabel = "RATE",
            description = "Cap on what all downloads together send, e.g. 2MB/s or 20Mbit/s, so the restaurant's"
                    + " uplink stays usable (env MAX_UPLOAD_RATE; default: unlimited).")
    String maxUploadRate;

    @Option(names = "--label", paramLabel = "NAME=VALUE",
            description = "A label admins select this agent by, e.g. region=west; repeatable (env AGENT_LABELS=a=b,c=d).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--config", description = "Config file (default: this OS's per-user location).")
    Path configFile;

    @Option(names = "--print-config", description = "Print the effective settings and where each comes from, then exit.")
    boolean printConfig;

    @Option(names = "--no-start-at-login", description = "Do not register the installed agent to start at login.")
    boolean noStartAtLogin;

    @Option(names = "--headless", description = "Run without a tray icon.")
    boolean headless;

    @Option(names = "--demo", description = "Share a bundled sample file as 'demo-restaurant' with a local server.")
    boolean demo;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        AppDirs dirsForUser = AppDirs.forCurrentUser();
        Path config = configFile != null ? configFile : dirsForUser.configFile();
        seedConfig(config);
        Map<String, String> env = new HashMap<>(System.getenv());
        AgentSettings.Flags flags = new AgentSettings.Flags(clientId, serverUrl, token, files, dirs, trust.caFile(), trust.pin(),
                maxUploadRate, labels);
        if (demo) {
            flags = demoFlags(flags, env);
        }
        Path home = AppDirs.home(env, System.getProperty("user.home"));
        AgentSettings settings = new AgentSettings(config, env, home);
        AgentSettings.Flags effectiveFlags = flags;
        if (printConfig) {
            System.out.print(settings.resolve(effectiveFlags).describe());
            return 0;
        }
        // The lock sits beside the config file: one agent per user (per config file, for support staff).
        Optional<SingleInstance> lock = SingleInstance.acquire(config.toAbsolutePath().resolveSibling(demo ? "demo.lock" : "agent.lock"));
        if (lock.isEmpty()) {
            System.err.println("The RemoteFetch agent is already running for this user.");
            return ALREADY_RUNNING;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-app");
            t.setDaemon(true);
            return t;
        });
        log.info("starting RemoteFetch agent {}; config file {}", Agent.version(), config);
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && !noStartAtLogin && !demo) {
            log.info("login start-up of the installed agent: {}", StartAtLogin.ensure(System.getProperty("os.name", ""),
                    home, Path.of(launcher),
                    Path.of("/etc/xdg/autostart/remotefetch-agent.desktop")));
        }
        AgentApp app = new AgentApp(() -> settings.resolve(effectiveFlags), config, timer).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<TrayUi> tray = headless ? Optional.empty()
                : TrayUi.create(app, Path.of(new LogDirDefiner().getPropertyValue(), "agent.log"),
                        stopped::countDown, timer);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
        stopped.await();
        log.info("agent stopping");
        tray.ifPresent(TrayUi::close);
        app.close();
        lock.get().close();
        return 0;
    }

    /**
     * An installer may carry a pre-written config (system property {@code remotefetch.defaultConfig},
     * set by the launcher); a user without a config file of their own starts from a copy of it.
     */
    private static void seedConfig(Path config) throws IOException {
        String bundled = System.getProperty("remotefetch.defaultConfig");
        if (bundled == null || Files.exists(config) || !Files.isRegularFile(Path.of(bundled))) {
            return;
        }
        Files.createDirectories(config.toAbsolutePath().getParent());
        Files.copy(Path.of(bundled), config);
        log.info("created {} from the installer's bundled config", config);
    }

    /** The embedded demo: a sample file copied out of the jar, a fixed id, the local server. */
    private static AgentSettings.Flags demoFlags(AgentSettings.Flags flags, Map<String, String> env) throws IOException {
        Path dir = Files.createTempDirectory("remotefetch-demo");
        Path sample = dir.resolve("file_to_download.txt");
        try (InputStream in = AgentMain.class.getResourceAsStream("/demo/file_to_download.txt")) {
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        env.putIfAbsent("SERVER_URL", "http://127.0.0.1:8080");
        return new AgentSettings.Flags(flags.clientId() != null ? flags.clientId() : "demo-restaurant",
                flags.serverUrl(), flags.token(), List.of(sample), flags.dirs(), flags.caFile(), flags.pin(),
                flags.maxUploadRate(), flags.labels());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"remotefetch-agent " + Agent.version()};
        }
    }
}
