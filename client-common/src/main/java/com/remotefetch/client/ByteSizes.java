package com.remotefetch.client;

import java.util.Locale;

/**
 * Byte counts for people, in one convention everywhere a person reads one (tray, app, CLI):
 * binary units with their IEC names, "512 B", "1.5 MiB", "2.0 GiB".
 */
public final class ByteSizes {
    private ByteSizes() {
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
