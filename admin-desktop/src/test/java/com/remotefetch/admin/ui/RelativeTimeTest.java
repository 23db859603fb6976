package com.remotefetch.admin.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RelativeTimeTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static String ago(long seconds) {
        return RelativeTime.ago(NOW.minusSeconds(seconds), NOW);
    }

    @Test
    void saysTimesAsPeopleDo() {
        assertEquals("just now", ago(0));
        assertEquals("just now", ago(-30), "a clock slightly ahead is not the future");
        assertEquals("just now", ago(44));
        assertEquals("1 min ago", ago(45));
        assertEquals("3 min ago", ago(185));
        assertEquals("59 min ago", ago(3599));
        assertEquals("1 h ago", ago(3600));
        assertEquals("23 h ago", ago(24 * 3600 - 1));
        assertEquals("yesterday", ago(24 * 3600));
        assertEquals("3 days ago", ago(3 * 24 * 3600 + 5));
        assertEquals("", RelativeTime.ago(null, NOW));
    }

    @Test
    void fullTimeIsLocalAndNeverCut() {
        assertEquals("2026-11-26 13:00:00", RelativeTime.full(NOW, ZoneOffset.ofHours(1)));
        assertEquals("", RelativeTime.full(null, ZoneOffset.UTC));
    }
}
