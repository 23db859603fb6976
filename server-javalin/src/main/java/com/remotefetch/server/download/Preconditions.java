package com.remotefetch.server.download;

import com.remotefetch.protocol.Message;
import io.javalin.http.Context;
import java.util.Arrays;

/**
 * The validator of a file version and the conditional request headers that test it (RFC 9110
 * section 13). The ETag is strong when the agent names the file's version, weak otherwise (an
 * older agent: size and modification time only), and a weak ETag never satisfies {@code If-Range}
 * or {@code If-Match}, so a resume against such an agent restarts rather than risk stitching.
 * An {@code If-Range} date is never trusted either: a second's precision cannot tell two versions apart.
 */
record Preconditions(String ifRange, String ifMatch, String ifNoneMatch) {

    static Preconditions of(Context ctx) {
        return new Preconditions(ctx.header("If-Range"), ctx.header("If-Match"), ctx.header("If-None-Match"));
    }

    static String etag(Message.FileMeta meta) {
        if (meta.version() != null && meta.version().matches("[0-9A-Za-z._-]{1,64}")) {
            return "\"" + meta.version() + "\"";
        }
        return "W/\"" + Long.toHexString(meta.size()) + "-" + Long.toHexString(meta.modifiedMillis()) + "\"";
    }

    /** {@code If-Match} names no current version: answer 412. */
    boolean ifMatchFails(String etag) {
        return ifMatch != null && !anyMatches(ifMatch, etag, true);
    }

    /** {@code If-None-Match} names the current version: answer 304. */
    boolean notModified(String etag) {
        return ifNoneMatch != null && anyMatches(ifNoneMatch, etag, false);
    }

    /** A Range may be served: there is no {@code If-Range}, or it names the current version exactly. */
    boolean rangeStillValid(String etag) {
        return ifRange == null || strongEquals(ifRange.trim(), etag);
    }

    private static boolean anyMatches(String header, String etag, boolean strong) {
        return Arrays.stream(header.split(",")).map(String::trim).anyMatch(tag -> tag.equals("*")
                || (strong ? strongEquals(tag, etag) : opaque(tag).equals(opaque(etag))));
    }

    private static boolean strongEquals(String tag, String etag) {
        return !tag.startsWith("W/") && !etag.startsWith("W/") && tag.equals(etag);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
