package com.remotefetch.server.api;

import io.javalin.http.Context;

/** The bearer token a request carries in {@code Authorization}, the one place that header is read. */
public final class Bearer {
    private Bearer() {
    }

    /** The token, or null when there is none. */
    public static String of(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
