package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten real node processes on 127.0.0.1 (4 MB/s uplinks): a snapshot reaches every node verified,
 * peers serve each other (the origin is not the only uploader), and the origin sends at most 2x
 * the snapshot.
 *
 * <p>Why 2x here and 1.5x in bench/distribution.sh: this snapshot is 8 MiB, about 16 blocks of
 * 512 KiB, so each duplicate costs ~6% of it, and the few small blocks every node needs (the
 * manifest, index pages, tree blocks) add a fixed share; the origin also learns how long the swarm
 * takes to spread a block (its duplicate hold) from the first cancels, which is a larger part of
 * a short run. Measured 1.32x and 1.44x with a load average of 25 on two cores (1.7-2.9x before
 * the node had one upload queue). The 1.5x bound is the benchmark's (32 MiB: 1.11x).
 */
class ConvergeIT {
    @TempDir
    Path dir;

    @Test
    void tenNodesConvergeAndPeersServeEachOther() throws Exception {
        String report = Scenarios.run("converge", 10, 8, dir, Duration.ofSeconds(120));
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        assertTrue(!report.contains("\"seconds_to_verified\":null"), report);
        Matcher origin = Pattern.compile("\"origin_bytes_sent\":(\\d+)").matcher(report);
        Matcher total = Pattern.compile("\"total_bytes_sent\":(\\d+)").matcher(report);
        assertTrue(origin.find() && total.find(), report);
        long fromPeers = Long.parseLong(total.group(1)) - Long.parseLong(origin.group(1));
        assertTrue(fromPeers > 0, "no node served another: " + report);
        Matcher ratio = Pattern.compile("\"origin_ratio\":([0-9.]+)").matcher(report);
        assertTrue(ratio.find(), report);
        assertTrue(Double.parseDouble(ratio.group(1)) <= 2.0, "the origin sent " + ratio.group(1) + "x the snapshot: " + report);
    }
}
