package com.remotefetch.admin.api;

import java.util.List;
import java.util.Map;

/** The JSON shapes of the server's API, as records Moshi binds directly. */
public final class Dtos {
    private Dtos() {
    }

    public record ClientList(int count, List<String> clients) {
    }

    public record RemoteFile(String name, long size, String modified) {
    }

    public record FileList(String clientId, int count, List<RemoteFile> files) {
    }

    /**
     * An agent as the server lists it. {@code online} is null from servers that list connected
     * agents only; {@code lastSeen} is set for offline ones.
     */
    public record AgentSummary(String id, String connectedSince, String lastHeartbeat, String remoteAddress,
                               String agentVersion, String hostname, int activeTransfers, List<RemoteFile> files,
                               Map<String, String> labels, Boolean online, String lastSeen) {
        public AgentSummary {
            files = files == null ? List.of() : files;
            labels = labels == null ? Map.of() : labels;
        }

        public boolean isOnline() {
            return online == null || online;
        }
    }

    public record AgentList(int count, List<AgentSummary> agents) {
    }

    /** One download attempt, as the server's audit log recorded it. */
    public record TransferRecord(String time, String admin, String agent, String file, Long rangeStart,
                                 Long rangeLength, long bytes, int status, String result, long durationMillis,
                                 String remoteAddress) {
    }

    public record TransferPage(int count, List<TransferRecord> transfers) {
    }

    /** An {@code agent-left} event. */
    public record AgentId(String id) {
    }

    public record ErrorBody(String error, String code) {
    }
}
