package io.phoenix.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.node.snapshot.LayerSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotScheduleTest {
    @Test
    void nextDailyIsLaterTodayOrTomorrow() {
        LocalTime two = LocalTime.of(2, 0);
        assertEquals(Instant.parse("2026-11-25T02:00:00Z"), SnapshotSchedule.nextDaily(Instant.parse("2026-11-25T01:59:59Z"), two));
        assertEquals(Instant.parse("2026-11-26T02:00:00Z"), SnapshotSchedule.nextDaily(Instant.parse("2026-11-25T02:00:00Z"), two));
        assertEquals(Instant.parse("2026-11-26T02:00:00Z"), SnapshotSchedule.nextDaily(Instant.parse("2026-11-25T20:00:00Z"), two));
    }

    @Test
    void changedBytesCountsOnlyFilesModifiedSince(@TempDir Path dir) throws Exception {
        Path old = Files.write(dir.resolve("old"), new byte[100]);
        Path fresh = Files.write(dir.resolve("fresh"), new byte[250]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        long n = SnapshotSchedule.changedBytes(List.of(new LayerSource("mind", List.of(dir))), Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(250, n);
    }
}
