package io.phoenix.node.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.node.snapshot.LayerSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeVolumeTest {
    @Test
    void countsOnlyFilesModifiedSince(@TempDir Path dir) throws Exception {
        Path old = Files.write(dir.resolve("old"), new byte[100]);
        Path fresh = Files.write(dir.resolve("fresh"), new byte[250]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertEquals(250, ChangeVolume.since(List.of(new LayerSource("mind", List.of(dir))), Instant.parse("2025-01-01T00:00:00Z")));
    }

    @Test
    void aMissingLayerRootCountsNothing(@TempDir Path dir) throws Exception {
        assertEquals(0, ChangeVolume.since(List.of(new LayerSource("mind", List.of(dir.resolve("gone")))), Instant.EPOCH));
    }
}
