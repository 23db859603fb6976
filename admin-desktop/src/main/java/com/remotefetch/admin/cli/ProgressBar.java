package com.remotefetch.admin.cli;

import com.remotefetch.client.ByteSizes;
import com.remotefetch.admin.api.Downloader;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line terminal progress bar: bar, percent, bytes, speed and time left, redrawn in place at
 * most ten times a second.
 */
public final class ProgressBar implements Downloader.Listener {
    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long startedAt;
    private long lastDraw;
    private boolean drawn;
    private long startBytes = -1;
    /** Characters of the line last drawn, so a shorter line can blank what it leaves over. */
    private int lastLength;

    public ProgressBar(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
    }

    @Override
    public void progress(long done, long total) {
        if (startBytes < 0) {
            startBytes = done;
        }
        long now = nanoTime.getAsLong();
        if (drawn && now - lastDraw < REDRAW_NANOS && done != total) {
            return;
        }
        drawn = true;
        lastDraw = now;
        String line = render(done, total, now - startedAt);
        // Spaces, not an ANSI erase: Windows consoles do not all understand escape sequences.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    /** Ends the line the bar was drawn on. */
    public void finish() {
        out.println();
    }

    String render(long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = (done - startBytes) / seconds;
        StringBuilder b = new StringBuilder();
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
            b.append('[').append("=".repeat(filled));
            if (filled < WIDTH) {
                b.append('>').append(" ".repeat(WIDTH - filled - 1));
            }
            b.append(String.format(Locale.ROOT, "] %3d%%  ", done * 100 / total));
            b.append(bytes(done)).append(" / ").append(bytes(total));
        } else {
            b.append(bytes(done));
        }
        b.append("  ").append(bytes((long) rate)).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            b.append("  ETA ").append(duration((long) ((total - done) / rate)));
        }
        return b.toString();
    }

    public static String bytes(long n) {
        return ByteSizes.bytes(n);
    }

    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
