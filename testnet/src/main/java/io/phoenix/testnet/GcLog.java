package io.phoenix.testnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node's unified GC log ({@code -Xlog:gc,gc+init}, written by {@link NodeProcess} to
 * {@code HOME/logs/gc.log}) says about its heap: the maximum the JVM was given and every pause.
 *
 * <p>Lines read (JDK 17–25, Serial, Parallel and G1 print the same shapes):
 * <pre>
 * [0.008s][info][gc,init] Heap Max Capacity: 192M
 * [3.633s][info][gc     ] GC(0) Pause Young (Allocation Failure) 52M-&gt;25M(185M) 89.644ms
 * [3.977s][info][gc     ] GC(5) Pause Full (Allocation Failure) 173M-&gt;42M(185M) 40.710ms
 * </pre>
 * Sizes are the JVM's rounded figures (K, M or G); anything else in the file is ignored.
 *
 * @param maxHeapBytes the {@code Heap Max Capacity} line, or -1 when the log has none
 * @param pauses every stop-the-world pause, in order
 * @param uptimeSeconds the time stamp of the log's last line (seconds since the JVM started)
 */
public record GcLog(long maxHeapBytes, List<Pause> pauses, double uptimeSeconds) {
    private static final Pattern UPTIME = Pattern.compile("^\\[([0-9.]+)s\\]");
    private static final Pattern MAX = Pattern.compile("Heap Max Capacity: (\\d+)([KMG])");
    private static final Pattern PAUSE = Pattern.compile(
            "GC\\(\\d+\\) Pause (\\w+)((?: \\((?:[^()]|\\(\\))*\\))*) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([0-9.]+)ms");

    public GcLog {
        pauses = List.copyOf(pauses);
    }

    /**
     * One pause.
     *
     * @param kind {@code Young}, {@code Full}, {@code Remark}, {@code Cleanup}, …
     * @param cause the parenthesised causes, e.g. {@code (Allocation Failure)} or {@code (System.gc())}
     */
    public record Pause(double atSeconds, String kind, String cause, long beforeBytes, long afterBytes, long capacityBytes,
                        double millis) {
        public boolean full() {
            return kind.equals("Full");
        }

        /** Asked for (System.gc(), {@code jcmd GC.run}), not forced by the heap filling up. */
        public boolean requested() {
            return cause.contains("System.gc()") || cause.contains("Diagnostic Command");
        }
    }

    public static GcLog read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public static GcLog parse(List<String> lines) {
        long max = -1;
        double uptime = 0;
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher u = UPTIME.matcher(line);
            double at = u.find() ? Double.parseDouble(u.group(1)) : uptime;
            uptime = Math.max(uptime, at);
            Matcher m = MAX.matcher(line);
            if (m.find()) {
                max = bytes(m.group(1), m.group(2));
                continue;
            }
            Matcher p = PAUSE.matcher(line);
            if (p.find()) {
                pauses.add(new Pause(at, p.group(1), p.group(2).strip(), bytes(p.group(3), p.group(4)), bytes(p.group(5), p.group(6)),
                        bytes(p.group(7), p.group(8)), Double.parseDouble(p.group(9))));
            }
        }
        return new GcLog(max, pauses, uptime);
    }

    private static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }

    /** Full collections the heap forced (an allocation failed, or the old generation filled). */
    public long forcedFullCollections() {
        return pauses.stream().filter(p -> p.full() && !p.requested()).count();
    }

    /** Seconds the application stood still for the collector, requested collections left out. */
    public double pauseSeconds() {
        return pauses.stream().filter(p -> !p.requested()).mapToDouble(Pause::millis).sum() / 1000.0;
    }

    /** Seconds of {@link #pauseSeconds()} spent in forced full collections. */
    public double forcedFullPauseSeconds() {
        return pauses.stream().filter(p -> p.full() && !p.requested()).mapToDouble(Pause::millis).sum() / 1000.0;
    }

    /** The fullest heap a forced full collection left: the live set when the heap was tightest. */
    public OptionalLong maxAfterForcedFull() {
        return pauses.stream().filter(p -> p.full() && !p.requested()).mapToLong(Pause::afterBytes).max();
    }

    /** The heap after the last requested full collection (e.g. {@code jcmd GC.run}): what the process retains. */
    public OptionalLong afterLastRequestedFull() {
        OptionalLong last = OptionalLong.empty();
        for (Pause p : pauses) if (p.full() && p.requested()) last = OptionalLong.of(p.afterBytes());
        return last;
    }

    /** The fullest heap any collection left (an upper bound of the live set; it includes garbage not yet collected). */
    public OptionalLong maxAfter() {
        return pauses.stream().mapToLong(Pause::afterBytes).max();
    }
}
