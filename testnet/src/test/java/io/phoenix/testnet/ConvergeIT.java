package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ten real node processes on 127.0.0.1: a snapshot reaches every node verified; the origin uploads it about once. */
class ConvergeIT {
    @TempDir
    Path dir;

    @Test
    void tenNodesConvergeAndOriginSendsAtMostOneAndAHalfTimesTheSnapshot() throws Exception {
        String report = Scenarios.run("converge", 10, 16, dir, Duration.ofSeconds(120));
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        Matcher m = Pattern.compile("\"origin_ratio\":([0-9.]+)").matcher(report);
        assertTrue(m.find(), report);
        assertTrue(Double.parseDouble(m.group(1)) <= 1.5, "origin sent more than 1.5x the snapshot: " + report);
        assertTrue(!report.contains("\"seconds_to_verified\":null"), report);
    }
}
