package com.remotefetch.server.hub;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where agents are: on this instance (its {@link AgentHub}) or, with several instances, on another.
 * Listings and the routing of downloads and uploads ask here, never the hub directly, so that one
 * instance and a cluster answer the same way.
 */
public interface AgentDirectory {

    /** Every connected agent, sorted by id. */
    List<AgentListing> list();

    /** The base URL of the other instance holding {@code clientId}'s connection, if it is not here. */
    Optional<String> elsewhere(String clientId);

    /** The base URL of the other instance holding the transfer behind {@code uploadId}, if it is not here. */
    Optional<String> uploadElsewhere(String uploadId);

    /** For {@code /health}: what this instance knows about the cluster, or nothing for a single one. */
    Map<String, Object> health();

    /** Told when the listing may have changed anywhere (an agent joined, left or changed its files). */
    void onChange(Runnable listener);
}
