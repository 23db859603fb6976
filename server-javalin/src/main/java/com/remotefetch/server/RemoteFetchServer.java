package com.remotefetch.server;

import com.remotefetch.protocol.Protocol;
import com.remotefetch.server.api.ApiException;
import com.remotefetch.server.api.ApiRoutes;
import com.remotefetch.server.api.MoshiJsonMapper;
import com.remotefetch.server.download.DownloadHandler;
import com.remotefetch.server.hub.AgentEndpoint;
import com.remotefetch.server.hub.AgentHub;
import com.squareup.moshi.Moshi;
import io.javalin.Javalin;
import java.util.Map;

/** The whole server: the agent hub on {@code /ws/agent} and the REST API, on one Javalin. */
public final class RemoteFetchServer implements AutoCloseable {
    public static final String AGENT_PATH = "/ws/agent";

    private final Javalin app;
    private final AgentHub hub = new AgentHub();

    public RemoteFetchServer(ServerConfig config) {
        Protocol protocol = new Protocol();
        AgentEndpoint agents = new AgentEndpoint(hub, protocol, config);
        ApiRoutes api = new ApiRoutes(hub);
        DownloadHandler downloads = new DownloadHandler(hub, config);
        Moshi moshi = new Moshi.Builder().build();

        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.disableCompression();
            c.jsonMapper(new MoshiJsonMapper(moshi));
            c.jetty.defaultHost = config.host();
            c.jetty.defaultPort = config.port();
            // File bytes are incompressible; deflating them cost three quarters of the relay's speed.
            c.jetty.modifyWebSocketServletFactory(f -> f.getAvailableExtensionNames().remove("permessage-deflate"));
            c.router.mount(r -> {
                r.ws(AGENT_PATH, agents::configure);
                r.get("/health", api::health);
                r.get("/api/clients", api::clients);
                r.get("/api/agents", api::agents);
                r.get("/api/clients/{id}/files", api::files);
                r.get("/api/download/{id}", downloads::handle);
                r.get("/api/download/{id}/<file>", downloads::handle);
                r.exception(ApiException.class, (e, ctx) -> {
                    if (e.status() == 408 || e.status() == 503) {
                        // Also stops OkHttp from silently repeating a request that timed out.
                        ctx.header("Retry-After", "5");
                    }
                    ctx.status(e.status()).json(e.body());
                });
                r.error(404, "*", ctx -> {
                    if (ctx.result() == null) {
                        ctx.json(Map.of("error", "no such endpoint: " + ctx.path(), "code", "not_found"));
                    }
                });
            });
        });
    }

    public RemoteFetchServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public AgentHub hub() {
        return hub;
    }

    @Override
    public void close() {
        app.stop();
    }
}
