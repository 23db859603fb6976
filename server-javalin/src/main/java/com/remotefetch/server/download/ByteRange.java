package com.remotefetch.server.download;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single {@code Range: bytes=first-[last]} request. Suffix ranges ({@code bytes=-N}) and
 * multiple ranges are not supported; RFC 9110 lets a server ignore such a header and send the
 * whole file, which is what {@link #parse} returning {@code null} leads to.
 *
 * @param offset first byte wanted
 * @param length bytes wanted, or -1 for "to the end"
 */
public record ByteRange(long offset, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})?");

    public static ByteRange parse(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches()) {
            return null;
        }
        long first = Long.parseLong(m.group(1));
        if (m.group(2) == null) {
            return new ByteRange(first, -1);
        }
        long last = Long.parseLong(m.group(2));
        if (last < first) {
            return null;
        }
        return new ByteRange(first, last - first + 1);
    }
}
