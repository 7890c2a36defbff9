package io.phoenix.node.schedule;

import io.phoenix.node.snapshot.LayerSource;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;

/** How much changed under the layers: the anomaly trigger's measurement (a stat walk; no file is read). */
public final class ChangeVolume {
    private ChangeVolume() {}

    /** Bytes of regular files under the layers modified after {@code since}; unreadable entries are skipped. */
    public static long since(List<LayerSource> layers, Instant since) throws IOException {
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
