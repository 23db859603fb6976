package com.remotefetch.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that ends in a JSON error body {@code {"error": "...", "code": "...", ...}}. Thrown
 * anywhere before the response is committed; {@link ApiRoutes} maps it in one place.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public static ApiException of(int status, String code, String message) {
        return new ApiException(status, code, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The JSON body: error first, then code, then details. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.put("code", code);
        body.putAll(details);
        return body;
    }
}
