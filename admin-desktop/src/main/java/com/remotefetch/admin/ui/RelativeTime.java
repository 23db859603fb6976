package com.remotefetch.admin.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as people say them in a table: "just now", "3 min ago", "yesterday"; and in full for tooltips. */
public final class RelativeTime {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private RelativeTime() {
    }

    /** How long before {@code now} {@code then} was; a time slightly ahead (clock skew) is "just now". */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return "";
        }
        long s = Duration.between(then, now).toSeconds();
        if (s < 45) {
            return "just now";
        }
        long min = Math.max(1, s / 60);
        if (min < 60) {
            return min + " min ago";
        }
        long h = s / 3600;
        if (h < 24) {
            return h + " h ago";
        }
        long days = s / 86_400;
        return days == 1 ? "yesterday" : days + " days ago";
    }

    /** "2026-11-24 11:15:30" in {@code zone}, or empty. */
    public static String full(Instant t, ZoneId zone) {
        return t == null ? "" : FULL.format(t.atZone(zone));
    }
}
