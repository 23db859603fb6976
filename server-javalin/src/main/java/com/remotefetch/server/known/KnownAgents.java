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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Where several instances share what they know (Redis in a cluster). When it answers it is the
     * truth, so an agent forgotten on one instance is forgotten on all; when it does not, this
     * instance's own list stands in. Methods may throw while the store is away.
     */
    public interface Shared {
        List<Known> all();

        void put(Known agent);

        void remove(String id);
    }

    private final Path file;
    private final JsonAdapter<List<Known>> json;
    private final Map<String, Known> byId = new ConcurrentHashMap<>();
    private final Shared shared;
    /** Set by every join and leave; the file is rewritten by {@link #flush}, not once per agent. */
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicInteger writes = new AtomicInteger();

    /** @param dataDir where to keep the list, or null to keep it in memory only */
    public KnownAgents(Path dataDir, Moshi moshi) {
        this(dataDir, moshi, null);
    }

    /**
     * @param dataDir where to keep this instance's copy, or null to keep it in memory only
     * @param shared  the cluster's list, or null for a single instance
     */
    public KnownAgents(Path dataDir, Moshi moshi, Shared shared) {
        this.file = dataDir == null ? null : dataDir.resolve("known-agents.json");
        this.json = moshi.adapter(Types.newParameterizedType(List.class, Known.class));
        this.shared = shared;
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

    /** Every agent seen (by any instance of a cluster), by id. */
    public List<Known> all() {
        if (shared != null) {
            try {
                List<Known> everywhere = shared.all();
                byId.keySet().retainAll(everywhere.stream().map(Known::id).toList());
                everywhere.forEach(k -> byId.put(k.id(), k));
            } catch (RuntimeException e) {
                log.debug("the shared list of known agents is away ({}); this instance's list stands in", e.toString());
            }
        }
        List<Known> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(Known::id));
        return out;
    }

    public Optional<Known> find(String id) {
        return all().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Forgets an agent, on every instance; false if it was not known. */
    public boolean forget(String id) {
        boolean known = find(id).isPresent();
        byId.remove(id);
        if (known) {
            save();
            if (shared != null) {
                try {
                    shared.remove(id);
                } catch (RuntimeException e) {
                    log.warn("cannot forget {} in the cluster's list ({}); only this instance forgot it", id, e.toString());
                }
            }
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
        Known k = new Known(s.clientId(), s.labels(), s.hostname(), s.agentVersion(), Instant.now().toString(),
                s.remoteAddress());
        byId.put(s.clientId(), k);
        dirty.set(true);
        if (shared != null) {
            try {
                shared.put(k);
            } catch (RuntimeException e) {
                log.debug("cannot share that {} was seen ({})", s.clientId(), e.toString());
            }
        }
    }

    /**
     * Writes the list if agents came or went since the last write. The server calls this every
     * few seconds and when it stops: a reconnect storm of 10,000 agents is then a handful of
     * writes of the whole list, not 10,000 of them.
     */
    public void flush() {
        if (dirty.getAndSet(false)) {
            save();
        }
    }

    /** How many times the file was written, for tests that check a storm is written a few times. */
    int writes() {
        return writes.get();
    }

    private synchronized void save() {
        if (file == null) {
            return;
        }
        writes.incrementAndGet();
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
