package com.remotefetch.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry: parse options, build the config, start the server, wait. */
@Command(name = "remotefetch-server", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
        description = "Relays file downloads from RemoteFetch agents to admins.")
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig defaults = ServerConfig.defaults();
        Duration timeout = Duration.ofSeconds(requestTimeoutSeconds);
        ServerConfig config = new ServerConfig(host, resolvePort(), timeout, timeout, windowKib * 1024,
                defaults.agentIdleTimeout());
        log.info("starting RemoteFetch server {} with {}", Version.string(), config);
        RemoteFetchServer server = new RemoteFetchServer(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("listening on http://{}:{} (agents connect to ws://{}:{}{})", host, server.port(), host,
                server.port(), RemoteFetchServer.AGENT_PATH);
        stopped.await();
        return 0;
    }

    private int resolvePort() {
        if (port != null) {
            return port;
        }
        String env = System.getenv("PORT");
        return env == null || env.isBlank() ? 8080 : Integer.parseInt(env.trim());
    }

    static final class Version implements CommandLine.IVersionProvider {
        static String string() {
            return com.remotefetch.server.hub.ServerVersion.get();
        }

        @Override
        public String[] getVersion() {
            return new String[] {"remotefetch-server " + string()};
        }
    }
}
