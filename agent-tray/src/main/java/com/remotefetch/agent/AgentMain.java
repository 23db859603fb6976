package com.remotefetch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import com.remotefetch.agent.connection.TlsTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry: settings from flags, then env, then defaults; wire the agent; run until stopped. */
@Command(name = "remotefetch-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        description = "Shares configured files with a RemoteFetch server over one outbound WebSocket.")
public final class AgentMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

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

    @Option(names = "--ca-file", description = "Extra PEM CA certificates to trust for the server.")
    Path caFile;

    @Option(names = "--pin-sha256", description = "Pin the server's public key (base64 SHA-256, as 'openssl ... | base64').")
    String pin;

    @Option(names = "--headless", description = "Run without a tray icon.")
    boolean headless;

    @Option(names = "--demo", description = "Share a bundled sample file as 'demo-restaurant' with a local server.")
    boolean demo;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        AgentConfig config = (demo ? demoConfig() : config())
                .withCredentials(firstNonBlank(token, System.getenv("AGENT_TOKEN")), new TlsTrust(caFile, pin));
        log.info("starting RemoteFetch agent {} with {}", Agent.version(), config);
        Agent agent = new Agent(config, Agent.httpClient(config)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    private AgentConfig config() {
        String id = firstNonBlank(clientId, System.getenv("CLIENT_ID"), Agent.hostname());
        String url = firstNonBlank(serverUrl, System.getenv("SERVER_URL"), "http://127.0.0.1:8080");
        List<Path> shared = new ArrayList<>(files);
        if (shared.isEmpty() && dirs.isEmpty()) {
            String filePath = System.getenv("FILE_PATH");
            shared.add(filePath == null || filePath.isBlank()
                    ? Path.of(System.getProperty("user.home"), "file_to_download.txt") : Path.of(filePath));
        }
        return AgentConfig.of(id, url, shared, dirs);
    }

    /** The embedded demo: a sample file copied out of the jar, a fixed id, the local server. */
    private AgentConfig demoConfig() throws IOException {
        Path dir = Files.createTempDirectory("remotefetch-demo");
        Path sample = dir.resolve("file_to_download.txt");
        try (InputStream in = AgentMain.class.getResourceAsStream("/demo/file_to_download.txt")) {
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        String url = firstNonBlank(serverUrl, System.getenv("SERVER_URL"), "http://127.0.0.1:8080");
        return AgentConfig.of(firstNonBlank(clientId, "demo-restaurant"), url, List.of(sample), dirs);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"remotefetch-agent " + Agent.version()};
        }
    }
}
