package io.phoenix.node.cli;

import java.util.Locale;

/** Human-readable figures for CLI output. */
final class Units {
    private Units() {}

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "-" : bytes((long) (bytes / seconds)) + "/s";
    }
}
