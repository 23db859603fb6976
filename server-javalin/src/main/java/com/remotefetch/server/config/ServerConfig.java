package com.remotefetch.server.config;

import com.remotefetch.protocol.DataFrame;
import com.remotefetch.protocol.Protocol;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server needs to know, built once at start-up.
 *
 * @param host              address to bind (loopback by default)
 * @param port              port to bind; 0 picks a free one
 * @param requestTimeout    how long an agent may take to start answering a download (408 after)
 * @param stallTimeout      how long an agent may go silent mid-transfer while it holds credit
 * @param windowBytes       credit granted per transfer: the most the server buffers for it
 * @param agentIdleTimeout  an agent socket with no traffic for this long is closed
 * @param limits            how many agents and transfers the server accepts
 * @param trustedProxyHops  reverse proxies in front that append to X-Forwarded-For (0: none)
 * @param segmentBytes      the most one upload segment may carry (below a proxy's request body cap)
 */
public record ServerConfig(String host, int port, Duration requestTimeout, Duration stallTimeout,
                           int windowBytes, Duration agentIdleTimeout, Limits limits, int trustedProxyHops,
                           long segmentBytes) {

    /** Caps that keep one party from exhausting the server; each refusal has its own error. */
    public record Limits(int maxAgents, int maxTransfers, int maxTransfersPerAgent) {
        public static Limits defaults() {
            return new Limits(10_000, 64, 8);
        }
    }

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (windowBytes < DataFrame.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("window must hold at least one frame of " + DataFrame.MAX_PAYLOAD_BYTES);
        }
        if (segmentBytes < 1 || segmentBytes > Protocol.MAX_SEGMENT_BYTES) {
            long maxMib = Protocol.MAX_SEGMENT_BYTES >> 20;
            throw new IllegalArgumentException("an upload segment holds 1 byte to " + maxMib + " MiB (--upload-segment-mib"
                    + " 1 to " + maxMib + "), not " + segmentBytes + " bytes");
        }
        if (trustedProxyHops < 0) {
            throw new IllegalArgumentException("trusted proxy hops must be 0 or more: " + trustedProxyHops);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, Duration.ofSeconds(30), Duration.ofSeconds(30),
                1024 * 1024, AGENT_IDLE_TIMEOUT, Limits.defaults(), 0,
                Protocol.DEFAULT_SEGMENT_BYTES);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, requestTimeout, stallTimeout, windowBytes, agentIdleTimeout, limits, trustedProxyHops, segmentBytes);
    }

    public ServerConfig withTimeouts(Duration request, Duration stall) {
        return new ServerConfig(host, port, request, stall, windowBytes, agentIdleTimeout, limits, trustedProxyHops, segmentBytes);
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(host, port, requestTimeout, stallTimeout, windowBytes, agentIdleTimeout, newLimits, trustedProxyHops, segmentBytes);
    }

    /**
     * An agent sending nothing for this long (agents ping every 30 s and send a heartbeat every
     * 5 min) is dropped: two and a half missed pings, so one late pong never drops a live agent.
     */
    public static final Duration AGENT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    public ServerConfig withAgentIdleTimeout(Duration idle) {
        return new ServerConfig(host, port, requestTimeout, stallTimeout, windowBytes, idle, limits, trustedProxyHops, segmentBytes);
    }

    public ServerConfig withSegmentBytes(long bytes) {
        return new ServerConfig(host, port, requestTimeout, stallTimeout, windowBytes, agentIdleTimeout, limits,
                trustedProxyHops, bytes);
    }

    public ServerConfig withTrustedProxyHops(int hops) {
        return new ServerConfig(host, port, requestTimeout, stallTimeout, windowBytes, agentIdleTimeout, limits, hops, segmentBytes);
    }
}
