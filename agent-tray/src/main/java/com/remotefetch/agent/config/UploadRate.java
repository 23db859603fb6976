package com.remotefetch.agent.config;

import com.remotefetch.agent.transfer.UploadLimiter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an upload cap as people write it: {@code 2MB/s}, {@code 500 kB/s}, {@code 20Mbit/s},
 * {@code 20 Mbps}, or {@code unlimited}/{@code 0}. Units are decimal, as internet plans are sold;
 * "b" alone is bytes, bits need "bit" or "bps".
 */
public final class UploadRate {
    private static final Pattern RATE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(gbit|mbit|kbit|gbps|mbps|kbps|gb|mb|kb|g|m|k|b)?\\s*(?:/s|ps)?");

    private UploadRate() {
    }

    /** Bytes per second, 0 for no cap. */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited") || t.equals("none")) {
            return 0;
        }
        Matcher m = RATE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an upload rate: '" + text + "' (say e.g. 2MB/s, 20Mbit/s or unlimited)");
        }
        double perUnit = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "gbit", "gbps" -> 125_000_000d;
            case "mbit", "mbps" -> 125_000d;
            case "kbit", "kbps" -> 125d;
            case "gb", "g" -> 1e9;
            case "mb", "m" -> 1e6;
            case "kb", "k" -> 1e3;
            default -> 1;
        };
        double bytes = Double.parseDouble(m.group(1)) * perUnit;
        if (bytes > UploadLimiter.MAX_BYTES_PER_SECOND) {
            throw new IllegalArgumentException("upload rate above 1 GB/s: '" + text + "'; use unlimited");
        }
        if (bytes != 0 && bytes < UploadLimiter.MIN_BYTES_PER_SECOND) {
            throw new IllegalArgumentException("upload rate below 1 kB/s: '" + text + "'; downloads would stall");
        }
        return Math.round(bytes);
    }

    /** For logs and the settings list: "unlimited" or e.g. "2.5 MB/s". */
    public static String describe(long bytesPerSecond) {
        if (bytesPerSecond == 0) {
            return "unlimited";
        }
        String[] units = {"B/s", "kB/s", "MB/s", "GB/s"};
        double v = bytesPerSecond;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }
}
