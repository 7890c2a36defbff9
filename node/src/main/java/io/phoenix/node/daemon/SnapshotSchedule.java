package io.phoenix.node.daemon;

import io.phoenix.node.snapshot.LayerSource;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When snapshots run: daily at a UTC time (pure {@link #nextDaily}), and when the change volume
 * since the last snapshot (bytes of regular files whose mtime is after it, {@link #changedBytes})
 * reaches the anomaly threshold.
 */
public final class SnapshotSchedule {
    private SnapshotSchedule() {}

    /** The first instant strictly after {@code now} whose UTC time of day is {@code at}. */
    public static Instant nextDaily(Instant now, LocalTime at) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC).with(at);
        if (!t.toInstant().isAfter(now)) t = t.plusDays(1);
        return t.toInstant();
    }

    /** Bytes of files under the layers modified after {@code since} (a stat walk; no file is read). */
    public static long changedBytes(List<LayerSource> layers, Instant since) throws IOException {
        long[] total = {0};
        for (LayerSource l : layers) {
            for (Path root : l.paths()) {
                if (!Files.exists(root)) continue;
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (a.isRegularFile() && a.lastModifiedTime().toInstant().isAfter(since)) total[0] += a.size();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
        return total[0];
    }
}
