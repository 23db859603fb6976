package com.remotefetch.server.known;

import com.remotefetch.server.hub.AgentHub;
import com.remotefetch.server.hub.AgentSession;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every agent this server has seen, so that a restaurant offline since the weekend is listed as
 * offline with when it was last seen instead of vanishing. Kept in {@code known-agents.json} under
 * the data directory (written whole, through a temporary file, whenever an agent comes or goes),
 * or only in memory without one. An operator can forget an agent.
 */
public final class KnownAgents implements AgentHub.Membership {
    private static final Logger log = LoggerFactory.getLogger(KnownAgents.class);

    /** What is remembered of one agent. */
    public record Known(String id, Map<String, String> labels, String hostname, String agentVersion, String lastSeen,
                        String lastAddress) {
        public Known {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    private final Path file;
    private final JsonAdapter<List<Known>> json;
    private final Map<String, Known> byId = new ConcurrentHashMap<>();

    /** @param dataDir where to keep the list, or null to keep it in memory only */
    public KnownAgents(Path dataDir, Moshi moshi) {
        this.file = dataDir == null ? null : dataDir.resolve("known-agents.json");
        this.json = moshi.adapter(Types.newParameterizedType(List.class, Known.class));
        load();
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            List<Known> saved = json.fromJson(Files.readString(file, StandardCharsets.UTF_8));
            if (saved != null) {
                saved.forEach(k -> byId.put(k.id(), k));
            }
            log.info("remembering {} agents from {}", byId.size(), file);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read {} ({}); starting with no known agents", file, e.toString());
        }
    }

    /** Every agent seen, by id. */
    public List<Known> all() {
        List<Known> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(Known::id));
        return out;
    }

    public Optional<Known> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Forgets an agent; false if it was not known. */
    public boolean forget(String id) {
        boolean known = byId.remove(id) != null;
        if (known) {
            save();
        }
        return known;
    }

    @Override
    public void joined(AgentSession session) {
        remember(session);
    }

    @Override
    public void left(AgentSession session) {
        remember(session);
    }

    @Override
    public void changed(AgentSession session) {
        // files change often and are not remembered: nothing to write
    }

    private void remember(AgentSession s) {
        byId.put(s.clientId(), new Known(s.clientId(), s.labels(), s.hostname(), s.agentVersion(),
                Instant.now().toString(), s.remoteAddress()));
        save();
    }

    private synchronized void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, json.toJson(all()), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot save the known agents to {}: {}", file, e.toString());
        }
    }
}
