package com.remotefetch.server.api;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentSession;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The read-only JSON endpoints: the original {@code /api/clients} and the richer views. */
public final class ApiRoutes {

    /** {@code {"count": N, "clients": [...]}}, exactly the original shape. */
    public record ClientList(int count, List<String> clients) {
    }

    public record FileView(String name, long size, String modified) {
        static FileView of(FileInfo f) {
            return new FileView(f.name(), f.size(), Instant.ofEpochMilli(f.modifiedMillis()).toString());
        }
    }

    public record FileList(String clientId, int count, List<FileView> files) {
    }

    public record AgentView(String id, String connectedSince, String lastHeartbeat, String remoteAddress,
                            String agentVersion, String hostname, int activeTransfers, List<FileView> files) {
        static AgentView of(AgentSession s) {
            return new AgentView(s.clientId(), s.connectedAt().toString(), s.lastHeartbeat().toString(),
                    s.remoteAddress(), s.agentVersion(), s.hostname(), s.activeTransfers(),
                    s.files().stream().map(FileView::of).toList());
        }
    }

    public record AgentList(int count, List<AgentView> agents) {
    }

    private final AgentHub hub;

    public ApiRoutes(AgentHub hub) {
        this.hub = hub;
    }

    public void clients(Context ctx) {
        List<String> ids = hub.clientIds();
        ctx.json(new ClientList(ids.size(), ids));
    }

    public void agents(Context ctx) {
        List<AgentView> agents = hub.sessions().stream().map(AgentView::of).toList();
        ctx.json(new AgentList(agents.size(), agents));
    }

    public void files(Context ctx) {
        String id = ctx.pathParam("id");
        AgentSession agent = hub.find(id).orElseThrow(() -> ApiErrors.agentOffline(id));
        List<FileView> files = agent.files().stream().map(FileView::of).toList();
        ctx.json(new FileList(id, files.size(), files));
    }

    public void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "agents", hub.clientIds().size()));
    }
}
