package io.phoenix.node.restore;

import static org.junit.jupiter.api.Assertions.*;

import io.phoenix.node.snapshot.FileStat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreWriterTest {
    @TempDir
    Path dir;

    private final RestoreWriter writer = new RestoreWriter();

    @Test
    void fileAppearsOnlyOnCommitWithModeAndNanosecondMtime() throws Exception {
        Path target = dir.resolve("f.bin");
        try (RestoreWriter.PendingFile f = writer.openFile(target)) {
            f.write("hello world".getBytes(), 0, 11);
            assertFalse(Files.exists(target), "nothing at the target before commit");
            f.commit(06750, 1_700_000_000_987_654_321L);
        }
        assertEquals("hello world", Files.readString(target));
        FileStat st = FileStat.read(target);
        assertEquals(06750, st.mode());
        assertEquals(1_700_000_000_987_654_321L, st.mtimeNanos());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void AbandonedFileLeavesNothingBehind() throws Exception {
        Path target = dir.resolve("f.bin");
        try (RestoreWriter.PendingFile f = writer.openFile(target)) {
            f.write(new byte[100], 0, 100);
        }
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void symlinkKeepsTargetAndOwnMtime() throws Exception {
        Path link = dir.resolve("link");
        writer.symlink(link, "../some/where", 1_600_000_000_000_000_001L);
        assertEquals(Path.of("../some/where"), Files.readSymbolicLink(link));
        assertEquals(1_600_000_000_000_000_001L, FileStat.read(link).mtimeNanos());
    }

    @Test
    void directoryModeAndMtimeAreSetLast() throws Exception {
        Path d = dir.resolve("a/b");
        writer.createDirectory(d);
        writer.finishDirectory(d, 0701, 1_500_000_000_000_000_002L);
        FileStat st = FileStat.read(d);
        assertEquals(0701, st.mode());
        assertEquals(1_500_000_000_000_000_002L, st.mtimeNanos());
    }
}
