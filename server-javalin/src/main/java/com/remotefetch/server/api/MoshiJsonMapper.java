package com.remotefetch.server.api;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;
import java.util.Map;

/** Javalin's JSON through the process's one Moshi, so records serialise in declaration order. */
public final class MoshiJsonMapper implements JsonMapper {
    private static final Type MAP = Types.newParameterizedType(Map.class, String.class, Object.class);

    private final Moshi moshi;

    public MoshiJsonMapper(Moshi moshi) {
        this.moshi = moshi;
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        // Javalin passes the runtime class; Moshi binds maps by interface only.
        Type bound = obj instanceof Map<?, ?> ? MAP : type;
        return moshi.adapter(bound).toJson(obj);
    }
}
