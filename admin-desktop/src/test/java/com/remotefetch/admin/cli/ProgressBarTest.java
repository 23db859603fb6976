package com.remotefetch.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final AtomicLong clock = new AtomicLong();
    private final ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), clock::get);

    @Test
    void showsBarPercentBytesSpeedAndEta() {
        bar.progress(0, 100L << 20);
        assertEquals("[==============>             ]  50%  50.0 MiB / 100.0 MiB  10.0 MiB/s  ETA 0:05",
                bar.render(50L << 20, 100L << 20, 5_000_000_000L));
    }

    @Test
    void unknownTotalShowsBytesAndSpeedOnly() {
        bar.progress(0, -1);
        assertEquals("2.0 KiB  1.0 KiB/s", bar.render(2048, -1, 2_000_000_000L));
    }

    @Test
    void speedCountsOnlyThisSessionsBytesWhenResuming() {
        bar.progress(900, 1000);
        assertEquals("[============================] 100%  1000 B / 1000 B  100 B/s", bar.render(1000, 1000, 1_000_000_000L));
    }

    @Test
    void redrawsAtMostTenTimesASecond() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ProgressBar throttled = new ProgressBar(new PrintStream(sink), clock::get);
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(10_000_000L); // 10 ms apart: 0.5 s in all
            throttled.progress(i, 1000);
        }
        long redraws = sink.toString().chars().filter(c -> c == '\r').count();
        assertEquals(5, redraws);
    }

    @Test
    void aShorterLineBlanksWhatTheLongerOneLeftBehind() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(sink), clock::get);
        bar.progress(0, 1L << 30);
        clock.addAndGet(1_000_000_000L);
        bar.progress(1000, 1L << 30); // slow start: a long ETA
        clock.addAndGet(1_000_000_000L);
        bar.progress(1L << 30, 1L << 30); // done: no ETA, a shorter line
        String[] lines = sink.toString().split("\r", -1);
        assertTrue(lines[2].endsWith("ETA 298:15:40"), lines[2]);
        assertEquals(lines[2].length(), lines[3].length(), "the third draw covers the second: " + sink);
        assertTrue(lines[3].endsWith("/s" + " ".repeat(lines[2].length() - lines[3].strip().length())), lines[3]);
    }
}
