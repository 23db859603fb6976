package com.remotefetch.server.hub;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of connected agents, keyed by client id. A newer connection for an id replaces the
 * older one; the older one's later close never removes the newer (compare-and-remove).
 */
public final class AgentHub {
    private static final Logger log = LoggerFactory.getLogger(AgentHub.class);

    private final ConcurrentMap<String, AgentSession> agents = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Membership> memberships = new CopyOnWriteArrayList<>();
    private final int maxAgents;
    private final AtomicLong replacements = new AtomicLong();
    private final Uploads uploads;

    /** @param uploads where transfers offered HTTP uploads are found */
    public AgentHub(int maxAgents, Uploads uploads) {
        this.maxAgents = maxAgents;
        this.uploads = uploads;
    }

    /** The upload registry, or null when uploads are off. */
    Uploads uploads() {
        return uploads;
    }

    /** Connections replaced by a newer one with the same id, since start. */
    public long replacements() {
        return replacements.get();
    }

    public int size() {
        return agents.size();
    }

    /** What happened to one agent, for a registry shared with other instances. */
    public interface Membership {
        void joined(AgentSession session);

        void left(AgentSession session);

        void changed(AgentSession session);
    }

    /** Told (on the socket's thread) whenever an agent connects, leaves or changes its files. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void addMembership(Membership membership) {
        memberships.add(membership);
    }

    void changed(AgentSession session) {
        memberships.forEach(m -> m.changed(session));
        listeners.forEach(Runnable::run);
    }

    /**
     * Makes {@code session} the live connection for its id, closing any it replaces. False if the
     * hub is full and the id is new.
     */
    boolean register(AgentSession session) {
        if (agents.size() >= maxAgents && !agents.containsKey(session.clientId())) {
            return false;
        }
        AgentSession previous = agents.put(session.clientId(), session);
        if (previous != null && previous != session) {
            replacements.incrementAndGet();
            log.info("agent {} connected again from {}; closing its previous connection from {} (if both are live,"
                    + " two computers share this id)", session.clientId(), session.remoteAddress(), previous.remoteAddress());
            previous.replaced();
            memberships.forEach(m -> m.left(previous));
        } else {
            log.info("agent {} connected from {} (version {}, host {}, {} shared files)", session.clientId(),
                    session.remoteAddress(), session.agentVersion(), session.hostname(), session.files().size());
        }
        memberships.forEach(m -> m.joined(session));
        listeners.forEach(Runnable::run);
        return true;
    }

    /** Removes {@code session} only if it is still the live connection for its id. */
    void unregister(AgentSession session, String why) {
        if (session.clientId() != null && agents.remove(session.clientId(), session)) {
            log.info("agent {} disconnected: {}", session.clientId(), why);
            memberships.forEach(m -> m.left(session));
            listeners.forEach(Runnable::run);
        }
    }

    public Optional<AgentSession> find(String clientId) {
        return Optional.ofNullable(agents.get(clientId));
    }

    /** Connected ids, sorted so listings are stable. */
    public List<String> clientIds() {
        return agents.keySet().stream().sorted().toList();
    }

    public List<AgentSession> sessions() {
        Collection<AgentSession> all = agents.values();
        return all.stream().sorted(Comparator.comparing(AgentSession::clientId)).toList();
    }
}
