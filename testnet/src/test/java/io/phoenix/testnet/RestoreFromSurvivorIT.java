package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten nodes replicate a snapshot; the writer is SIGKILLed and its home deleted; a bare site (only
 * its keys, the swarm secret and the swarm file) restores the latest snapshot from the survivors,
 * byte-identical to the source tree.
 */
class RestoreFromSurvivorIT {
    @TempDir
    Path dir;

    @Test
    void bareSiteRestoresByteIdenticalAfterTheWriterIsDestroyed() throws Exception {
        String report = Scenarios.run("restore-from-survivor", 10, 8, dir, Duration.ofSeconds(120));
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        assertTrue(report.contains("\"byte_identical\":true"), report);
    }
}
