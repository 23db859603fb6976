package com.remotefetch.server.api;

import com.remotefetch.protocol.FileInfo;
import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentDirectory;
import com.remotefetch.server.hub.AgentListing;
import com.remotefetch.server.known.KnownAgents;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Locale;
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

    /** An agent as listings show it; {@code lastSeen} only for one that is offline. */
    public record AgentView(String id, String connectedSince, String lastHeartbeat, String remoteAddress,
                            String agentVersion, String hostname, int activeTransfers, List<FileView> files,
                            Map<String, String> labels, boolean online, String lastSeen) {
        static AgentView of(AgentListing a) {
            return new AgentView(a.id(), a.connectedSince(), a.lastHeartbeat(), a.remoteAddress(), a.agentVersion(),
                    a.hostname(), a.activeTransfers(), a.files().stream().map(FileView::of).toList(), a.labels(), true, null);
        }

        static AgentView offline(KnownAgents.Known k) {
            return new AgentView(k.id(), null, null, k.lastAddress(), k.agentVersion(), k.hostname(), 0, List.of(),
                    k.labels(), false, k.lastSeen());
        }
    }

    public record AgentList(int count, List<AgentView> agents) {
    }

    /**
     * A page of {@code /api/agents}: {@code count} agents match in all; {@code next}, where more
     * follow, is the {@code after} value for the next page.
     */
    public record AgentPage(int count, List<AgentView> agents, String next) {
    }

    /** The most agents one page of {@code /api/agents} holds. */
    static final int MAX_PAGE = 1000;

    private final AgentHub hub;
    private final AgentDirectory directory;
    private final KnownAgents known;

    public ApiRoutes(AgentHub hub, AgentDirectory directory, KnownAgents known) {
        this.hub = hub;
        this.directory = directory;
        this.known = known;
    }

    /**
     * {@code DELETE /api/agents/{id}}: forget an agent that is offline (204), so it is no longer
     * listed; 404 if it is not known, 409 while it is connected.
     */
    public void forget(Context ctx) {
        String id = ctx.pathParam("id");
        if (directory.list().stream().anyMatch(a -> a.id().equals(id))) {
            throw new ApiException(409, "agent_connected", "agent " + id + " is connected; it can be forgotten once offline",
                    Map.of("client_id", id));
        }
        if (!known.forget(id)) {
            throw new ApiException(404, "agent_unknown", "no agent " + id + " is known", Map.of("client_id", id));
        }
        ctx.status(204);
    }

    public void clients(Context ctx) {
        List<String> ids = directory.list().stream().map(AgentListing::id).toList();
        ctx.json(new ClientList(ids.size(), ids));
    }

    /**
     * {@code GET /api/agents[?status=online|offline|all][&q=TEXT][&select=SELECTOR][&after=ID][&limit=N]}:
     * agents by id (connected ones by default; known offline ones with when they were last seen), those
     * whose id or host contains {@code q} (ignoring case) and that {@link Selector} {@code select}
     * picks, after {@code after}, at most {@code limit} (1000 at most; all of them without it).
     */
    public void agents(Context ctx) {
        String q = ctx.queryParam("q");
        String after = ctx.queryParam("after");
        String limitParam = ctx.queryParam("limit");
        int limit;
        try {
            limit = limitParam == null ? Integer.MAX_VALUE : Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || (limitParam != null && limit > MAX_PAGE)) {
            throw ApiException.of(400, "bad_limit", "limit must be 1 to " + MAX_PAGE + ", not " + limitParam);
        }
        String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
        Selector selector = Selector.parse(ctx.queryParam("select"));
        String status = ctx.queryParam("status") == null ? "online" : ctx.queryParam("status");
        if (!List.of("online", "offline", "all").contains(status)) {
            throw ApiException.of(400, "bad_status", "status must be online, offline or all, not " + status);
        }
        List<AgentView> candidates = new ArrayList<>();
        Set<String> online = new HashSet<>();
        for (AgentListing a : directory.list()) {
            online.add(a.id());
            if (!status.equals("offline")) {
                candidates.add(AgentView.of(a));
            }
        }
        if (!status.equals("online")) {
            known.all().stream().filter(k -> !online.contains(k.id())).forEach(k -> candidates.add(AgentView.offline(k)));
            candidates.sort(Comparator.comparing(AgentView::id));
        }
        List<AgentView> matching = candidates.stream()
                .filter(a -> selector.matches(a.id(), a.labels()))
                .filter(a -> needle.isEmpty() || a.id().toLowerCase(Locale.ROOT).contains(needle)
                        || String.valueOf(a.hostname()).toLowerCase(Locale.ROOT).contains(needle))
                .toList();
        List<AgentView> rest = matching.stream().filter(a -> after == null || a.id().compareTo(after) > 0).toList();
        List<AgentView> page = rest.subList(0, Math.min(limit, rest.size()));
        boolean more = rest.size() > page.size();
        ctx.json(new AgentPage(matching.size(), page, more ? page.get(page.size() - 1).id() : null));
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
