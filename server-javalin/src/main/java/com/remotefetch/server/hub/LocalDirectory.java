package com.remotefetch.server.hub;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One instance on its own: every agent is in its hub. */
public final class LocalDirectory implements AgentDirectory {
    private final AgentHub hub;

    public LocalDirectory(AgentHub hub) {
        this.hub = hub;
    }

    @Override
    public List<AgentListing> list() {
        return hub.sessions().stream().map(s -> s.listing(null)).toList();
    }

    @Override
    public Optional<String> elsewhere(String clientId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> uploadElsewhere(String uploadId) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> health() {
        return Map.of();
    }

    @Override
    public void onChange(Runnable listener) {
        hub.addListener(listener);
    }
}
