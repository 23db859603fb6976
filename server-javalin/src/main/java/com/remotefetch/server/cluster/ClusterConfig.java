package com.remotefetch.server.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How this instance shares the work with others.
 *
 * @param redisUrl     where the shared registry lives, e.g. {@code redis://redis:6379}
 * @param advertiseUrl where the other instances reach this one; null to use its own bind address and port
 * @param secret       authenticates the hop between instances (null only on loopback)
 * @param instanceId   names this instance in the registry and in logs
 * @param entryTtl     a registry entry lives this long unless refreshed: an instance that dies
 *                     without cleaning up loses its agents after it
 * @param refresh      how often this instance refreshes its entries (well under {@code entryTtl})
 */
public record ClusterConfig(String redisUrl, String advertiseUrl, String secret, String instanceId,
                            Duration entryTtl, Duration refresh) {


    public ClusterConfig {
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(instanceId, "instanceId");
        if (refresh.compareTo(entryTtl) >= 0) {
            throw new IllegalArgumentException("entries must be refreshed more often than they expire");
        }
    }

    /** Production timings: entries expire after 30 s unless refreshed every 10 s. */
    public static ClusterConfig of(String redisUrl, String advertiseUrl, String secret, String instanceId) {
        return new ClusterConfig(redisUrl, advertiseUrl, secret, instanceId, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public ClusterConfig withTimings(Duration ttl, Duration every) {
        return new ClusterConfig(redisUrl, advertiseUrl, secret, instanceId, ttl, every);
    }
}
