package com.remotefetch.server.cluster;

import com.remotefetch.server.audit.AuditLog;
import com.remotefetch.server.audit.History;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster's download history: one list, {@code rf:transfers}, newest first, trimmed to the
 * latest {@link AuditLog#RECENT}. Each instance's audit file still keeps everything it served.
 */
public final class RedisHistory implements History.Shared {
    static final String KEY = "rf:transfers";

    private final Supplier<RedisCommands<String, String>> redis;
    private final JsonAdapter<AuditLog.Entry> json;

    public RedisHistory(Supplier<RedisCommands<String, String>> redis, Moshi moshi) {
        this.redis = redis;
        this.json = moshi.adapter(AuditLog.Entry.class);
    }

    @Override
    public void add(AuditLog.Entry entry) {
        RedisCommands<String, String> r = redis.get();
        r.lpush(KEY, json.toJson(entry));
        r.ltrim(KEY, 0, AuditLog.RECENT - 1);
    }

    @Override
    public List<AuditLog.Entry> recent() {
        List<AuditLog.Entry> out = new ArrayList<>();
        for (String line : redis.get().lrange(KEY, 0, AuditLog.RECENT - 1)) {
            try {
                AuditLog.Entry e = json.fromJson(line);
                if (e != null) {
                    out.add(e);
                }
            } catch (IOException | RuntimeException bad) {
                // one unreadable record (another version's, say) hides only itself
            }
        }
        return out;
    }
}
