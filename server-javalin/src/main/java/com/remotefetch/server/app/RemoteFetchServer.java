package com.remotefetch.server.app;

import com.remotefetch.server.config.ServerConfig;
import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.api.AgentEvents;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.api.ApiRoutes;
import com.remotefetch.server.api.JsonErrorHandler;
import com.remotefetch.server.api.MoshiJsonMapper;
import com.remotefetch.server.auth.Authenticator;
import com.remotefetch.server.auth.BrowserGuard;
import com.remotefetch.server.auth.CredentialSweep;
import com.remotefetch.server.auth.FailedAuthLimiter;
import com.remotefetch.server.auth.FailureCounter;
import com.remotefetch.server.auth.SecurityConfig;
import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.audit.History;
import com.remotefetch.server.download.DownloadHandler;
import com.remotefetch.server.hub.AgentEndpoint;
import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.known.KnownAgents;
import com.remotefetch.client.StreamingSocketFactory;
import okhttp3.OkHttpClient;
import com.remotefetch.server.hub.LocalDirectory;
import com.remotefetch.server.hub.AgentDirectory;
import com.remotefetch.server.cluster.RedisDirectory;
import com.remotefetch.server.cluster.RedisFailureCounter;
import com.remotefetch.server.cluster.RedisHistory;
import com.remotefetch.server.cluster.RedisKnownAgents;
import com.remotefetch.server.cluster.Forwarder;
import com.remotefetch.server.cluster.ClusterConfig;
import com.remotefetch.server.hub.Uploads;
import com.remotefetch.server.metrics.Metrics;
import com.remotefetch.server.proxy.TrustedProxies;
import com.remotefetch.server.tls.PemKeyStore;
import com.remotefetch.server.upload.UploadHandler;
import com.squareup.moshi.Moshi;
import io.javalin.Javalin;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import java.security.KeyStore;
import java.time.Clock;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The whole server: the agent hub on {@code /ws/agent} and the REST API, on one Javalin. */
public final class RemoteFetchServer implements AutoCloseable {
    public static final String AGENT_PATH = Protocol.AGENT_PATH;
    /** Request headers beyond this are refused with 431. */
    public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
    /** Jetty's read buffer per HTTP connection (not per WebSocket). */
    static final int INPUT_BUFFER_BYTES = 64 * 1024;
    /** How often live agents' tokens are checked again (revocation takes effect within this). */
    static final Duration SWEEP = Duration.ofSeconds(2);

    private final Javalin app;
    private final AgentEvents events;
    private final AgentHub hub;
    /** The shared registry, or null for one instance. */
    private final RedisDirectory redis;
    /** The client for hops to other instances, or null for one instance. */
    private OkHttpClient hopClient;
    /** Periodic checks on live connections (credentials); one daemon thread. */
    /** How often the list of known agents is written when agents came or went. */
    private static final Duration KNOWN_FLUSH = Duration.ofSeconds(2);
    private final KnownAgents known;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "server-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final Metrics metrics = new Metrics();
    /** Failed logins per kind of token and address, per minute, before 429. */
    static final int FAILURES_PER_ADDRESS = 10;
    /** Failed logins from everywhere together, per minute, before 429 for every further failure. */
    static final int FAILURES_IN_ALL = 200;

    /** An open server (no authentication, no TLS, no audit file): tests and the local demo. */
    public RemoteFetchServer(ServerConfig config) {
        this(config, SecurityConfig.open(), null, null);
    }

    /**
     * @param audit where download attempts are recorded, or null for nowhere
     * @param tls   the server's certificate and key, or null to serve plain HTTP
     */
    public RemoteFetchServer(ServerConfig config, SecurityConfig security, AuditLog audit, KeyStore tls) {
        this(config, security, audit, tls, null, null);
    }

    /**
     * @param cluster how to share the work with other instances through Redis, or null for one instance
     * @param dataDir where the server keeps what survives a restart (the agents it has seen), or null
     */
    public RemoteFetchServer(ServerConfig config, SecurityConfig security, AuditLog audit, KeyStore tls,
                             ClusterConfig cluster, Path dataDir) {
        Moshi moshi = new Moshi.Builder().build();
        AuditLog auditLog = audit != null ? audit : AuditLog.discarding(moshi);
        Uploads uploads = new Uploads(config.requestTimeout(), config.segmentBytes(), metrics);
        this.hub = new AgentHub(config.limits().maxAgents(), uploads);
        Protocol protocol = new Protocol();
        AgentEndpoint agents = new AgentEndpoint(hub, protocol, config, metrics);
        String scheme = tls != null ? "https" : "http";
        this.redis = cluster == null ? null : new RedisDirectory(hub, cluster, () -> cluster.advertiseUrl() != null
                ? cluster.advertiseUrl() : scheme + "://" + config.host() + ":" + port(), moshi);
        AgentDirectory directory = redis != null ? redis : new LocalDirectory(hub);
        Forwarder forwarder = null;
        if (redis != null) {
            uploads.addListener(redis);
            metrics.gauge("remotefetch.cluster.redis_up", "1 while Redis answers", () -> redis.redisUp() ? 1 : 0);
            // The other instances are reached the way this one is advertised: plain HTTP inside a private
            // network, or HTTPS. Forwarded upload bodies go out without Nagle's delay either way.
            String hopScheme = cluster.advertiseUrl() == null ? scheme : URI.create(cluster.advertiseUrl()).getScheme();
            this.hopClient = new OkHttpClient.Builder().readTimeout(config.stallTimeout().multipliedBy(2))
                    .socketFactory(StreamingSocketFactory.forScheme(hopScheme)).build();
            forwarder = new Forwarder(hopClient, cluster);
        }
        this.known = new KnownAgents(dataDir, moshi, redis == null ? null : new RedisKnownAgents(redis::redis, moshi));
        hub.addMembership(known);
        housekeeping.scheduleWithFixedDelay(known::flush, KNOWN_FLUSH.toMillis(), KNOWN_FLUSH.toMillis(),
                TimeUnit.MILLISECONDS);
        ApiRoutes api = new ApiRoutes(hub, directory, known);
        History history = new History(auditLog, redis == null ? null : new RedisHistory(redis::redis, moshi));
        UploadHandler uploadHandler = new UploadHandler(uploads, directory, forwarder, config.requestTimeout(), auditLog,
                metrics);
        DownloadHandler downloads = new DownloadHandler(hub, directory, forwarder, config, auditLog, history, metrics);
        Clock clock = Clock.systemUTC();
        FailureCounter perAddress = new FailedAuthLimiter(FAILURES_PER_ADDRESS, Duration.ofMinutes(1), clock);
        FailureCounter inAll = new FailedAuthLimiter(FAILURES_IN_ALL, Duration.ofMinutes(1), clock);
        if (redis != null) {
            perAddress = new RedisFailureCounter(redis::redis, FAILURES_PER_ADDRESS, Duration.ofMinutes(1), perAddress);
            inAll = new RedisFailureCounter(redis::redis, FAILURES_IN_ALL, Duration.ofMinutes(1), inAll);
        }
        Authenticator auth = new Authenticator(security, perAddress, inAll, metrics, auditLog, clock,
                cluster == null ? null : cluster.secret());
        BrowserGuard guard = new BrowserGuard(security.allowedOrigins(), !security.adminsAuthenticated() && isLoopback(config.host()));
        metrics.gauge("remotefetch.agents.connected", "agents connected", hub::size);
        metrics.counter("remotefetch.agents.replaced", "connections replaced by a newer one with the same id",
                hub::replacements);
        this.events = new AgentEvents(directory, moshi);
        if (security.adminsAuthenticated()) {
            Predicate<String> withdrawn = token -> security.adminTokens().verify(token).isEmpty();
            housekeeping.scheduleWithFixedDelay(() -> {
                int ended = events.closeWhere(withdrawn) + downloads.abortWhere(withdrawn);
                if (ended > 0) {
                    auditLog.record(new AuditLog.SecurityEvent("admin_credential_withdrawn", "admin",
                            "ended " + ended + " live connections of a removed admin token", null));
                }
            }, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (security.agentsAuthenticated()) {
            CredentialSweep sweep = new CredentialSweep(hub, security.agentTokens(), (session, why) -> auditLog.record(
                    new AuditLog.SecurityEvent("agent_credential_withdrawn", session.clientId(), why, session.remoteAddress())));
            housekeeping.scheduleWithFixedDelay(sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        }

        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.disableCompression();
            c.http.prefer405over404 = true;
            c.jsonMapper(new MoshiJsonMapper(moshi));
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
                http.setSendServerVersion(false);
                http.addCustomizer(new TrustedProxies(config.trustedProxyHops()));
            });
            c.jetty.addConnector((server, http) -> {
                HttpConnectionFactory plain = new HttpConnectionFactory(http);
                // Upload segments are read through this buffer: Jetty's 8 KiB default meant one
                // read system call and one copy per 8 KiB of every file.
                plain.setInputBufferSize(INPUT_BUFFER_BYTES);
                ServerConnector connector;
                if (tls != null) {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStore(tls);
                    ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
                    http.addCustomizer(new SecureRequestCustomizer(false));
                    connector = new ServerConnector(server, ssl, plain);
                } else {
                    connector = new ServerConnector(server, plain);
                }
                connector.setHost(config.host());
                connector.setPort(config.port());
                return connector;
            });
            // File bytes are incompressible; deflating them cost three quarters of the relay's speed.
            c.jetty.modifyWebSocketServletFactory(f -> f.getAvailableExtensionNames().remove("permessage-deflate"));
            c.router.mount(r -> {
                r.before(guard::host);
                r.wsBeforeUpgrade(AGENT_PATH, guard::upgrade);
                r.wsBeforeUpgrade(AGENT_PATH, auth::agent);
                r.wsBeforeUpgrade(AGENT_PATH, ctx -> ctx.attribute(AgentEndpoint.REMOTE_ADDRESS,
                        TrustedProxies.describe(ctx.req().getRemoteAddr(), ctx.req().getRemotePort())));
                r.ws(AGENT_PATH, agents::configure);
                r.before("/api/*", auth::admin);
                r.before("/metrics", auth::admin);
                r.before(Protocol.UPLOAD_PATH_PREFIX + "*", auth::agent);
                r.post(Protocol.UPLOAD_PATH_PREFIX + "{id}", uploadHandler::handle);
                r.get("/health", api::health);
                r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
                r.get("/api/clients", api::clients);
                r.get("/api/agents", api::agents);
                r.delete("/api/agents/{id}", api::forget);
                r.get("/api/transfers", history::transfers);
                r.before("/api/events", ctx -> {
                    if (!AgentEvents.ACCEPT.equals(ctx.header("Accept"))) {
                        throw ApiException.of(406, "not_acceptable", "/api/events is a Server-Sent Events stream: send"
                                + " 'Accept: " + AgentEvents.ACCEPT + "' (curl -N -H 'Accept: " + AgentEvents.ACCEPT + "')");
                    }
                });
                r.sse("/api/events", events::subscribe);
                r.get("/api/clients/{id}/files", api::files);
                r.get("/api/download/{id}", downloads::handle);
                r.get("/api/download/{id}/<file>", downloads::handle);
                r.head("/api/download/{id}", downloads::head);
                r.head("/api/download/{id}/<file>", downloads::head);
                r.exception(EndpointNotFound.class, (e, ctx) -> ctx.status(404).json(ApiException.of(404, "not_found",
                        "no endpoint " + ctx.method() + " " + ctx.path()).body()));
                r.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
                    // Javalin names the allowed methods under one of two keys, depending on Accept.
                    String allowed = String.join(", ", e.getDetails().values());
                    ctx.header("Allow", allowed).status(405).json(ApiException.of(405, "method_not_allowed",
                            ctx.method() + " is not allowed on " + ctx.path() + "; use " + allowed).body());
                });
                r.exception(ApiException.class, (e, ctx) -> {
                    if (e.status() == 408 || e.status() == 503) {
                        // Also stops OkHttp from silently repeating a request that timed out.
                        ctx.header("Retry-After", "5");
                    }
                    ctx.status(e.status()).json(e.body());
                });
            });
        });
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public RemoteFetchServer start() {
        app.start();
        if (redis != null) {
            redis.start();
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    public AgentHub hub() {
        return hub;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** The agents ever seen (for tests). */
    public KnownAgents known() {
        return known;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        events.close();
        app.stop();
        known.flush(); // who was seen last, written after the agents' connections closed
        if (redis != null) {
            redis.close();
            hopClient.dispatcher().executorService().shutdown();
            hopClient.connectionPool().evictAll();
        }
    }
}
