package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes, the last one offline while the writer takes three snapshots (2 MiB, changed between
 * them); started afterwards with no gossip history, it learns the older snapshots by anti-entropy
 * (asserted from its log) and holds all three verified.
 */
class LateJoinerIT {
    @TempDir
    Path dir;

    @Test
    void nodeOfflineForThreeSnapshotsCatchesUpByAntiEntropy() throws Exception {
        String report = Scenarios.run("late-joiner", 4, 2, dir, Duration.ofSeconds(90), Scenarios.DEFAULT_UPLOAD);
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        assertTrue(!report.contains("\"seconds_to_verified\":null"), report);
        assertTrue(report.contains("\"learnt_via\":\"anti-entropy\""), report);
    }
}
