package com.remotefetch.server.testing;

import com.remotefetch.agent.app.Agent;
import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.server.app.RemoteFetchServer;
import com.remotefetch.server.cluster.ClusterConfig;
import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.audit.AuditLog;
import java.security.KeyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/** A real server on a free loopback port plus the real agents a test starts; closes them all. */
public final class RelayFixture implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final RemoteFetchServer server;
    private final OkHttpClient agentHttp = Agent.httpClient();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    private final List<Agent> agents = new ArrayList<>();

    private RelayFixture(RemoteFetchServer server) {
        this.server = server;
    }

    /** A server with test-friendly timeouts. */
    public static RelayFixture start() {
        return start(c -> c);
    }

    public static RelayFixture start(UnaryOperator<ServerConfig> tweak) {
        return new RelayFixture(new RemoteFetchServer(testConfig(tweak)).start());
    }

    /** A server with authentication, an audit log and optionally TLS. */
    public static RelayFixture startSecure(SecurityConfig security, AuditLog audit, KeyStore tls,
                                           UnaryOperator<ServerConfig> tweak) {
        return new RelayFixture(new RemoteFetchServer(testConfig(tweak), security, audit, tls).start());
    }

    /** One instance of a cluster sharing its registry through Redis, open (no tokens) on loopback. */
    public static RelayFixture startClustered(ClusterConfig cluster) {
        return startClustered(cluster, SecurityConfig.open());
    }

    public static RelayFixture startClustered(ClusterConfig cluster, SecurityConfig security) {
        return startClustered(cluster, security, c -> c);
    }

    public static RelayFixture startClustered(ClusterConfig cluster, SecurityConfig security,
                                              UnaryOperator<ServerConfig> tweak) {
        return new RelayFixture(new RemoteFetchServer(testConfig(tweak), security, null, null, cluster, null).start());
    }

    /** An open server that keeps what survives a restart in {@code dataDir}, on {@code port} (0: any). */
    public static RelayFixture startWithData(Path dataDir, int port) {
        return new RelayFixture(new RemoteFetchServer(testConfig(c -> c.withPort(port)), SecurityConfig.open(), null, null,
                null, dataDir).start());
    }

    private static ServerConfig testConfig(UnaryOperator<ServerConfig> tweak) {
        return tweak.apply(ServerConfig.defaults().withPort(0).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    public String baseUrl() {
        return scheme + "://127.0.0.1:" + server.port();
    }

    /** "http", or "https" once {@link #useHttps()} says the server serves TLS. */
    private String scheme = "http";

    public RelayFixture useHttps() {
        scheme = "https";
        return this;
    }

    public RemoteFetchServer server() {
        return server;
    }

    /** Plain HTTP client for admin-side requests. */
    public OkHttpClient http() {
        return http;
    }

    /**
     * A test agent's config; with {@code -Dremotefetch.test.framesOnly=true} (the build's second
     * run of the download tests) it sends file bytes in WebSocket frames instead of HTTP uploads.
     */
    public AgentConfig agentConfig(String clientId, List<Path> files, List<Path> dirs) {
        return AgentConfig.of(clientId, baseUrl(), files, dirs)
                .withTimings(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100))
                .withFramesOnly(Boolean.getBoolean("remotefetch.test.framesOnly"));
    }

    /** Starts an agent sharing {@code files} and waits until the server lists it. */
    public Agent agent(String clientId, Path... files) {
        return agent(agentConfig(clientId, List.of(files), List.of()));
    }

    public Agent agent(AgentConfig config) {
        return agent(config, agentHttp);
    }

    /** Starts an agent on its own OkHttp client (for TLS settings) and waits until it is listed. */
    public Agent agent(AgentConfig config, OkHttpClient client) {
        Agent agent = new Agent(config, client).start();
        agents.add(agent);
        Await.until(WAIT, () -> agent.state().current().online()
                && server.hub().find(config.clientId()).isPresent(), config.clientId() + " to come online");
        return agent;
    }

    @Override
    public void close() {
        agents.forEach(Agent::close);
        server.close();
        agentHttp.dispatcher().executorService().shutdown();
        agentHttp.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
