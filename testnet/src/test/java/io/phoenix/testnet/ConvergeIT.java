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
 * and peers serve each other (the origin is not the only uploader). The origin's upload ratio is
 * printed; the 1.5x target is checked by bench/distribution.sh (not met yet, see docs/testnet.md).
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
    }
}
