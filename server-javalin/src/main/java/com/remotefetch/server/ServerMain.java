package com.remotefetch.server;

import java.time.Instant;
import com.remotefetch.server.app.RemoteFetchServer;
import com.remotefetch.server.cluster.ClusterConfig;
import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.server.auth.AdminTokens;
import com.remotefetch.server.auth.AgentTokens;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.hub.ServerVersion;
import com.remotefetch.server.tls.PemKeyStore;
import com.squareup.moshi.Moshi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Command line entry: parse options, build the config, start the server, wait. */
@Command(name = "remotefetch-server", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
        description = "Relays file downloads from RemoteFetch agents to admins.",
        subcommands = {ServerMain.IssueAgentToken.class, ServerMain.HashAdminToken.class})
public final class ServerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerMain.class);

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "Port to listen on (default: env PORT, else 8080).")
    Integer port;

    @Option(names = "--request-timeout", description = "Seconds an agent may take to start answering (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    long requestTimeoutSeconds;

    @Option(names = "--window-kib", description = "Credit per transfer in KiB: the most buffered per download (default: ${DEFAULT-VALUE}).",
            defaultValue = "1024")
    int windowKib;

    @Option(names = "--upload-segment-mib", defaultValue = "16", description = "Largest upload segment in MiB, 1 to 31:"
            + " keep it below any proxy's request body cap (Cloud Run: 32 MiB) (default: ${DEFAULT-VALUE}).")
    int segmentMib;

    @Option(names = "--max-agents", defaultValue = "10000", description = "Most agents connected at once (default: ${DEFAULT-VALUE}).")
    int maxAgents;

    @Option(names = "--max-transfers", defaultValue = "64", description = "Most downloads relayed at once (default: ${DEFAULT-VALUE}).")
    int maxTransfers;

    @Option(names = "--max-transfers-per-agent", defaultValue = "8", description = "Most downloads per agent (default: ${DEFAULT-VALUE}).")
    int maxTransfersPerAgent;

    @Option(names = "--admin-tokens", description = "File of 'name:sha256hex' admin token hashes (see hash-admin-token).")
    Path adminTokensFile;

    @Option(names = "--agent-secret-file", description = "File holding the agent HMAC secret (else env REMOTEFETCH_AGENT_SECRET).")
    Path agentSecretFile;

    @Option(names = "--revoked-agents", description = "File of revoked agent tokens: 'clientId' or 'clientId.generation' per line.")
    Path revokedAgents;

    @Option(names = "--audit-log", defaultValue = "-", description = "JSON-lines audit log file; '-' is stdout (default: ${DEFAULT-VALUE}).")
    String auditLog;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve HTTPS/WSS.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:DATA_DIR}",
            description = "Where the server keeps what survives a restart: the agents it has seen (env DATA_DIR;"
                    + " default: remembered until the server stops).")
    Path dataDir;

    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:REDIS_URL}",
            description = "Share the agent registry with other instances through this Redis, e.g. redis://redis:6379"
                    + " (env REDIS_URL). Without it this instance works alone.")
    String redisUrl;

    @Option(names = "--advertise-url", paramLabel = "URL", defaultValue = "${env:ADVERTISE_URL}",
            description = "Where the other instances reach this one (env ADVERTISE_URL; default: http://HOST:PORT).")
    String advertiseUrl;

    @Option(names = "--trusted-proxy-hops", defaultValue = "${env:TRUSTED_PROXY_HOPS:-0}",
            description = "Reverse proxies in front of the server that append the caller to X-Forwarded-For: "
                    + "1 on Cloud Run or behind one nginx, 2 behind a Google load balancer in front of Cloud Run. "
                    + "0 ignores the header (default: env TRUSTED_PROXY_HOPS, else 0).")
    int trustedProxyHops;

    @Option(names = "--insecure", description = "Allow listening beyond loopback without admin and agent secrets. Dangerous.")
    boolean insecure;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "A browser origin (e.g. https://console.example.com) allowed to open the agent WebSocket;"
                    + " repeatable. By default no browser page may: agents send no Origin.")
    List<String> allowedOrigins = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with a bad setting (a short secret, say) said in one sentence, not a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new ServerMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    @Override
    public Integer call() throws IOException, GeneralSecurityException, InterruptedException {
        SecurityConfig security = new SecurityConfig(agentTokens(agentSecretFile, revokedAgents),
                AdminTokens.load(System.getenv("REMOTEFETCH_ADMIN_TOKEN"), adminTokensFile), insecure, allowedOrigins);
        boolean loopback = InetAddress.getByName(host).isLoopbackAddress();
        if (!security.fullySecured()) {
            if (!loopback && !insecure) {
                System.err.println("refusing to listen on " + host + " without secrets: set REMOTEFETCH_ADMIN_TOKEN "
                        + "(or --admin-tokens) and REMOTEFETCH_AGENT_SECRET (or --agent-secret-file), "
                        + "or pass --insecure to accept open access. See docs/SECURITY.md.");
                return 2;
            }
            if (insecure && !loopback) {
                log.warn("!!! INSECURE: listening on {} with {}{} — anyone who can reach this port can {} !!!", host,
                        security.adminsAuthenticated() ? "" : "no admin tokens",
                        security.agentsAuthenticated() ? "" : (security.adminsAuthenticated() ? "" : " and ") + "no agent secret",
                        security.adminsAuthenticated() ? "register as any agent" : "list agents and download their files");
            } else {
                log.info("no {} configured: {} need no token; listening on loopback ({}) only",
                        security.adminsAuthenticated() ? "agent secret" : "admin tokens",
                        security.adminsAuthenticated() ? "agents" : "admins", host);
            }
        }
        KeyStore tls = tlsCert != null && tlsKey != null ? PemKeyStore.load(tlsCert, tlsKey) : null;
        if ((tlsCert == null) != (tlsKey == null)) {
            System.err.println("--tls-cert and --tls-key go together");
            return 2;
        }
        ServerConfig defaults = ServerConfig.defaults();
        Duration timeout = Duration.ofSeconds(requestTimeoutSeconds);
        ServerConfig config = new ServerConfig(host, resolvePort(), timeout, timeout, windowKib * 1024,
                defaults.agentIdleTimeout(), new ServerConfig.Limits(maxAgents, maxTransfers, maxTransfersPerAgent),
                trustedProxyHops, (long) segmentMib << 20);
        log.info("starting RemoteFetch server {} with {}; admins: {}, agent tokens: {}, TLS: {}, audit log: {}",
                Version.string(), config, security.adminTokens().size(), security.agentsAuthenticated() ? "required" : "off",
                tls != null ? tlsCert : "off (terminate TLS in front)", auditLog);
        ClusterConfig cluster = null;
        if (redisUrl != null && !redisUrl.isBlank()) {
            String clusterSecret = System.getenv("REMOTEFETCH_CLUSTER_SECRET");
            if ((clusterSecret == null || clusterSecret.isBlank()) && !loopback && !insecure) {
                System.err.println("refusing to join a cluster on " + host + " without"
                        + " REMOTEFETCH_CLUSTER_SECRET: it authenticates the hop between instances. See docs/DEPLOY.md.");
                return 2;
            }
            String instance = InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
            cluster = ClusterConfig.of(redisUrl.trim(), advertiseUrl, clusterSecret == null || clusterSecret.isBlank()
                    ? null : clusterSecret.trim(), instance);
            log.info("cluster: instance {}, Redis {}, advertised as {}", instance, redisUrl,
                    advertiseUrl == null ? "http://" + host + ":" + config.port() : advertiseUrl);
        }
        AuditLog audit = AuditLog.open(auditLog, new Moshi.Builder().build());
        RemoteFetchServer server = new RemoteFetchServer(config, security, audit, tls, cluster, dataDir).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        String scheme = tls != null ? "https" : "http";
        log.info("listening on {}://{}:{} (agents connect to {}://{}:{}{})", scheme, host, server.port(),
                tls != null ? "wss" : "ws", host, server.port(), RemoteFetchServer.AGENT_PATH);
        stopped.await();
        return 0;
    }

    static AgentTokens agentTokens(Path secretFile, Path revoked) throws IOException {
        String secret = secretFile != null ? Files.readString(secretFile).trim() : System.getenv("REMOTEFETCH_AGENT_SECRET");
        if (secret == null || secret.isBlank()) {
            return null;
        }
        return new AgentTokens(secret.trim().getBytes(StandardCharsets.UTF_8), revoked);
    }

    private int resolvePort() {
        if (port != null) {
            return port;
        }
        String env = System.getenv("PORT");
        return env == null || env.isBlank() ? 8080 : Integer.parseInt(env.trim());
    }

    @Command(name = "issue-agent-token", mixinStandardHelpOptions = true,
            description = "Print the token an agent uses to connect as ID (same secret as the server).")
    static final class IssueAgentToken implements Callable<Integer> {
        @Parameters(index = "0", description = "The agent's client id.")
        String clientId;

        @Option(names = "--generation", defaultValue = "1", description = "Bump after revoking 'ID.N' (default: ${DEFAULT-VALUE}).")
        int generation;

        @Option(names = "--agent-secret-file", description = "File holding the secret (else env REMOTEFETCH_AGENT_SECRET).")
        Path secretFile;

        @Option(names = "--valid-days", description = "Days until the token expires (default: never; revoke to end it).")
        Integer validDays;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (validDays != null && validDays < 1) {
                spec.commandLine().getErr().println(
                        "error: --valid-days must be 1 or more; a token that is already expired is of no use");
                return 2;
            }
            AgentTokens tokens = agentTokens(secretFile, null);
            if (tokens == null) {
                spec.commandLine().getErr().println("error: no secret: set REMOTEFETCH_AGENT_SECRET or pass --agent-secret-file");
                return 2;
            }
            spec.commandLine().getOut().println(tokens.issue(clientId, generation,
                    validDays == null ? null : Instant.now().plus(Duration.ofDays(validDays))));
            return 0;
        }
    }

    @Command(name = "hash-admin-token", mixinStandardHelpOptions = true,
            description = "Read an admin token on stdin and print the 'NAME:sha256' line for --admin-tokens.")
    static final class HashAdminToken implements Callable<Integer> {
        @Parameters(index = "0", description = "The admin's name.")
        String name;

        @Override
        public Integer call() throws IOException {
            String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (token == null || token.isBlank()) {
                System.err.println("give the token on standard input");
                return 2;
            }
            System.out.println(name + ":" + HexFormat.of().formatHex(AdminTokens.sha256(token.trim())));
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String string() {
            return ServerVersion.get();
        }

        @Override
        public String[] getVersion() {
            return new String[] {"remotefetch-server " + string()};
        }
    }
}
