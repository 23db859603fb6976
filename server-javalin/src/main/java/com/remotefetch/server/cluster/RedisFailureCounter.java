package com.remotefetch.server.cluster;

import com.remotefetch.server.auth.FailureCounter;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Failed logins counted across all instances ({@code INCR} on a key that expires with its window),
 * so a guesser gains nothing by spreading over the instances behind a load balancer. Where Redis
 * does not answer, this instance's own count stands in.
 */
public final class RedisFailureCounter implements FailureCounter {
    private final Supplier<RedisCommands<String, String>> redis;
    private final int limit;
    private final Duration window;
    private final FailureCounter local;

    public RedisFailureCounter(Supplier<RedisCommands<String, String>> redis, int limit, Duration window,
                               FailureCounter local) {
        this.redis = redis;
        this.limit = limit;
        this.window = window;
        this.local = local;
    }

    private static String key(String key) {
        return "rf:fail:" + key;
    }

    @Override
    public boolean blocked(String key) {
        try {
            String count = redis.get().get(key(key));
            return count != null && Long.parseLong(count) >= limit;
        } catch (RuntimeException e) {
            return local.blocked(key);
        }
    }

    @Override
    public void failure(String key) {
        local.failure(key);
        try {
            RedisCommands<String, String> r = redis.get();
            if (r.incr(key(key)) == 1) {
                r.pexpire(key(key), window.toMillis());
            }
        } catch (RuntimeException e) {
            // counted locally above
        }
    }

    @Override
    public Duration retryAfter(String key) {
        try {
            Long millis = redis.get().pttl(key(key));
            return millis == null || millis < 0 ? local.retryAfter(key) : Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            return local.retryAfter(key);
        }
    }
}
