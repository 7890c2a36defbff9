package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes (1 MB/s uplinks, 6 MiB): the last node is SIGKILLed mid-transfer and restarted; it
 * keeps what was durable and fetches only the rest (the scenario compares the blocks and bytes it
 * fetched after the restart with what it held before the kill).
 */
class ChurnIT {
    @TempDir
    Path dir;

    @Test
    void killedNodeResumesWithoutRefetchingWhatItHad() throws Exception {
        String report = Scenarios.run("churn", 4, 6, dir, Duration.ofSeconds(90), 1_000_000);
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        assertTrue(report.contains("\"killed\":{"), report);
        assertTrue(!report.contains("\"seconds_to_verified\":null"), report);
    }
}
