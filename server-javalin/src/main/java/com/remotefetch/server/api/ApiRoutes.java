package com.remotefetch.server.api;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentDirectory;
import com.remotefetch.server.hub.AgentListing;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
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
        static AgentView of(AgentListing a) {
            return new AgentView(a.id(), a.connectedSince(), a.lastHeartbeat(), a.remoteAddress(), a.agentVersion(),
                    a.hostname(), a.activeTransfers(), a.files().stream().map(FileView::of).toList());
        }
    }

    public record AgentList(int count, List<AgentView> agents) {
    }

    private final AgentHub hub;
    private final AgentDirectory directory;

    public ApiRoutes(AgentHub hub, AgentDirectory directory) {
        this.hub = hub;
        this.directory = directory;
    }

    public void clients(Context ctx) {
        List<String> ids = directory.list().stream().map(AgentListing::id).toList();
        ctx.json(new ClientList(ids.size(), ids));
    }

    public void agents(Context ctx) {
        List<AgentView> agents = directory.list().stream().map(AgentView::of).toList();
        ctx.json(new AgentList(agents.size(), agents));
    }

    public void files(Context ctx) {
        String id = ctx.pathParam("id");
        AgentListing agent = directory.list().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiErrors.agentOffline(id));
        List<FileView> files = agent.files().stream().map(FileView::of).toList();
        ctx.json(new FileList(id, files.size(), files));
    }

    public void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("agents", hub.size());
        Map<String, Object> cluster = directory.health();
        if (!cluster.isEmpty()) {
            body.put("cluster", cluster);
        }
        ctx.json(body);
    }
}
