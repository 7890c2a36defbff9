package io.phoenix.testnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer, a {@code storage} site and a bare reader: the storage site replicates and signs a
 * receipt without any key; the reader gets the data key through {@code swarm wrap-key} /
 * {@code install-key} (refused for the storage site); with the writer destroyed, the reader
 * restores byte-identical from the storage site alone, which itself cannot decrypt.
 */
class StorageRestoreIT {
    @TempDir
    Path dir;

    @Test
    void storageSiteReplicatesWithoutTheKeyAndAReaderRestoresFromIt() throws Exception {
        String report = Scenarios.run("storage-restore", 2, 4, dir, Duration.ofSeconds(90), Scenarios.DEFAULT_UPLOAD);
        System.out.println(report);
        assertTrue(report.endsWith("\"ok\":true}"), report);
        assertTrue(report.contains("\"byte_identical\":true"), report);
        assertTrue(report.contains("\"receipt_seen_by_writer\":true"), report);
        assertTrue(report.contains("\"opened_with_own_keys\":0"), report);
    }
}
