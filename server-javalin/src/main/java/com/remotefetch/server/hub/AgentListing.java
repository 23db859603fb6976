package com.remotefetch.server.hub;

import com.remotefetch.protocol.FileInfo;
import java.util.List;
import java.util.Map;

/**
 * One connected agent as listings show it, wherever in the cluster it is connected: what
 * {@code /api/agents} and the event stream report, and what instances share through Redis.
 *
 * @param instance the id of the server instance holding its connection
 */
public record AgentListing(String id, String connectedSince, String lastHeartbeat, String remoteAddress,
                           String agentVersion, String hostname, int activeTransfers, List<FileInfo> files,
                           Map<String, String> labels, String instance) {
    public AgentListing {
        files = files == null ? List.of() : List.copyOf(files);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
