package com.remotefetch.agent.config;

import com.remotefetch.agent.config.UploadRate;
import com.remotefetch.client.TlsTrust;
import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.Protocol;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's settings, built once at start-up.
 *
 * @param clientId     the id admins use to reach this agent
 * @param agentUrl     the server's agent WebSocket endpoint (ws:// or wss://)
 * @param files        files shared by their file name; the first is the default file
 * @param dirs         folders whose regular files are shared by their relative path
 * @param maxTransfers transfers served at once; more are refused as busy
 * @param chunkBytes   bytes per binary frame
 * @param token        the agent token sent on the upgrade, or null where the server needs none
 * @param tls          how the server's certificate is trusted
 * @param maxUploadBytesPerSecond what all transfers together may send per second; 0 for no cap
 * @param labels       how admins group this agent ({@code region=west}); sent at hello
 * @param framesOnly   send file bytes in WebSocket frames even where the server offers HTTP uploads
 *                     (for networks whose proxy lets the WebSocket through but not the uploads)
 */
public record AgentConfig(String clientId, URI agentUrl, List<Path> files, List<Path> dirs, int maxTransfers,
                          int chunkBytes, Duration heartbeat, Duration backoffMin, Duration backoffMax,
                          Duration rescan, String token, TlsTrust tls, long maxUploadBytesPerSecond,
                          boolean framesOnly, Map<String, String> labels) {

    public static final String AGENT_PATH = Protocol.AGENT_PATH;

    public AgentConfig {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(agentUrl, "agentUrl");
        files = List.copyOf(files);
        tls = tls == null ? TlsTrust.platform() : tls;
        dirs = List.copyOf(dirs);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (maxUploadBytesPerSecond < 0) {
            throw new IllegalArgumentException("maxUploadBytesPerSecond >= 0");
        }
        if (maxTransfers < 1 || chunkBytes < 1024 || chunkBytes > DataFrame.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxTransfers >= 1 and 1 KiB <= chunk <= " + DataFrame.MAX_PAYLOAD_BYTES);
        }
    }

    /**
     * How often the agent sends a heartbeat message: only the listing's "last heartbeat" depends on
     * it. The link itself is kept and checked by WebSocket pings every 30 s ({@code Agent.PING_INTERVAL}).
     */
    public static final Duration HEARTBEAT = Duration.ofMinutes(5);

    /** A config with production timings for {@code clientId} at {@code serverUrl}. */
    public static AgentConfig of(String clientId, String serverUrl, List<Path> files, List<Path> dirs) {
        return new AgentConfig(clientId, agentUrl(serverUrl), files, dirs, 4, DataFrame.MAX_PAYLOAD_BYTES, HEARTBEAT,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), null, TlsTrust.platform(), 0, false, Map.of());
    }

    public AgentConfig withTimings(Duration newHeartbeat, Duration newBackoffMin, Duration newBackoffMax,
                                   Duration newRescan) {
        return new AgentConfig(clientId, agentUrl, files, dirs, maxTransfers, chunkBytes, newHeartbeat,
                newBackoffMin, newBackoffMax, newRescan, token, tls, maxUploadBytesPerSecond, framesOnly, labels);
    }

    public AgentConfig withMaxTransfers(int max) {
        return new AgentConfig(clientId, agentUrl, files, dirs, max, chunkBytes, heartbeat, backoffMin,
                backoffMax, rescan, token, tls, maxUploadBytesPerSecond, framesOnly, labels);
    }

    public AgentConfig withCredentials(String newToken, TlsTrust newTls) {
        return new AgentConfig(clientId, agentUrl, files, dirs, maxTransfers, chunkBytes, heartbeat, backoffMin,
                backoffMax, rescan, newToken, newTls, maxUploadBytesPerSecond, framesOnly, labels);
    }

    /** @param bytesPerSecond the upload cap for all transfers together; 0 for none */
    public AgentConfig withMaxUpload(long bytesPerSecond) {
        return new AgentConfig(clientId, agentUrl, files, dirs, maxTransfers, chunkBytes, heartbeat, backoffMin,
                backoffMax, rescan, token, tls, bytesPerSecond, framesOnly, labels);
    }

    public AgentConfig withLabels(Map<String, String> newLabels) {
        return new AgentConfig(clientId, agentUrl, files, dirs, maxTransfers, chunkBytes, heartbeat, backoffMin,
                backoffMax, rescan, token, tls, maxUploadBytesPerSecond, framesOnly, newLabels);
    }

    /** @param frames true to send file bytes in WebSocket frames only, never as HTTP uploads */
    public AgentConfig withFramesOnly(boolean frames) {
        return new AgentConfig(clientId, agentUrl, files, dirs, maxTransfers, chunkBytes, heartbeat, backoffMin,
                backoffMax, rescan, token, tls, maxUploadBytesPerSecond, frames, labels);
    }

    /** For logs and --print-config: everything but the token. */
    @Override
    public String toString() {
        return "AgentConfig[clientId=" + clientId + ", server=" + agentUrl + ", files=" + files + ", dirs=" + dirs
                + ", maxTransfers=" + maxTransfers + ", maxUpload=" + UploadRate.describe(maxUploadBytesPerSecond) + ", token=" + (token == null ? "none" : "****")
                + ", labels=" + labels + ", transport=" + (framesOnly ? "frames" : "upload") + ", caFile=" + tls.caFile() + ", pin=" + (tls.pinSha256() == null ? "none" : "set") + "]";
    }

    /** The server's HTTP(S) URL for {@code path} (such as an upload's), beside the agent endpoint. */
    public URI serverUrl(String path) {
        String scheme = agentUrl.getScheme().equalsIgnoreCase("wss") ? "https" : "http";
        String prefix = agentUrl.getRawPath().substring(0, agentUrl.getRawPath().length() - AGENT_PATH.length());
        return URI.create(scheme + "://" + agentUrl.getRawAuthority() + prefix + path);
    }

    /**
     * Accepts {@code http(s)://host[:port][/prefix]} or {@code ws(s)://...} and returns the agent
     * endpoint; a URL that already ends in {@value #AGENT_PATH} is kept as it is.
     */
    public static URI agentUrl(String serverUrl) {
        URI uri;
        try {
            uri = URI.create(serverUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SERVER_URL is not a valid URL: " + serverUrl, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String wsScheme = switch (scheme) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new IllegalArgumentException("SERVER_URL must start with http://, https://, ws:// or wss://: "
                    + serverUrl);
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("SERVER_URL has no host: " + serverUrl);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.endsWith(AGENT_PATH)) {
            path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + AGENT_PATH;
        }
        return URI.create(wsScheme + "://" + uri.getRawAuthority() + path);
    }
}
