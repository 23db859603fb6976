package com.remotefetch.server.cluster;

import com.remotefetch.server.known.KnownAgents;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cluster's list of agents ever seen: one hash, {@code rf:known}, field per agent id, value its
 * JSON. Unlike the owner entries it does not expire: offline agents are the point of it.
 */
public final class RedisKnownAgents implements KnownAgents.Shared {
    static final String KEY = "rf:known";

    private final Supplier<RedisCommands<String, String>> redis;
    private final JsonAdapter<KnownAgents.Known> json;

    public RedisKnownAgents(Supplier<RedisCommands<String, String>> redis, Moshi moshi) {
        this.redis = redis;
        this.json = moshi.adapter(KnownAgents.Known.class);
    }

    @Override
    public List<KnownAgents.Known> all() {
        List<KnownAgents.Known> out = new ArrayList<>();
        for (Map.Entry<String, String> e : redis.get().hgetall(KEY).entrySet()) {
            try {
                KnownAgents.Known k = json.fromJson(e.getValue());
                if (k != null) {
                    out.add(k);
                }
            } catch (IOException | RuntimeException bad) {
                // one unreadable entry (another version's, say) hides only itself
            }
        }
        return out;
    }

    @Override
    public void put(KnownAgents.Known agent) {
        redis.get().hset(KEY, agent.id(), json.toJson(agent));
    }

    @Override
    public void remove(String id) {
        redis.get().hdel(KEY, id);
    }
}
