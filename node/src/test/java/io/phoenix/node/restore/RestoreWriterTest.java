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
        try (RestoreWriter.PendingFile f = writer.openFile(target, 06750)) {
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
    void StagedFilesAreWrittenInPerThreadDirectoriesThatUnstageRemoves() throws Exception {
        writer.stageIn(dir);
        Path done = dir.resolve("a/done.bin");
        Files.createDirectories(done.getParent());
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < 3; t++) {
            int n = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    try (RestoreWriter.PendingFile f = writer.openFile(dir.resolve("a/f" + n), 0640)) {
                        f.writeAt(new byte[] {(byte) n}, 0);
                        try (var staged = Files.list(dir)) {
                            assertTrue(staged.anyMatch(p -> p.getFileName().toString().startsWith(".phoenix-staging-")));
                        }
                        f.commit(0640, 1_000_000_000L);
                    }
                    try (RestoreWriter.PendingFile abandoned = writer.openFile(dir.resolve("a/gone" + n), 0640)) {
                        abandoned.writeAt(new byte[] {1}, 0);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        writer.unstage();
        try (var left = Files.list(dir)) {
            assertEquals(java.util.List.of(dir.resolve("a")), left.toList(), "no staging directory is left");
        }
        try (var files = Files.list(dir.resolve("a"))) {
            assertEquals(3, files.count(), "the three committed files, nothing abandoned");
        }
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(dir.resolve("a/f2")));
    }

    @Test
    void AbandonedFileLeavesNothingBehind() throws Exception {
        Path target = dir.resolve("f.bin");
        try (RestoreWriter.PendingFile f = writer.openFile(target, 06750)) {
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
    @Test
    void FileInPlaceHasItsFinalNameWhileWrittenAndItsMtimeLast() throws Exception {
        writer.stageIn(dir);
        Path target = dir.resolve("f.bin");
        try (RestoreWriter.PendingFile f = writer.openFile(target, 0640, true)) {
            f.writeAt("hello".getBytes(), 0);
            assertTrue(Files.exists(target), "written under its final name");
            assertNotEquals(1_700_000_000_000_000_123L, FileStat.read(target).mtimeNanos());
            f.commit(0640, 1_700_000_000_000_000_123L);
        }
        writer.unstage();
        assertEquals("hello", Files.readString(target));
        assertEquals(0640, FileStat.read(target).mode());
        assertEquals(1_700_000_000_000_000_123L, FileStat.read(target).mtimeNanos());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file or staging directory left");
        }
    }

    @Test
    void AbandonedFileInPlaceIsRemoved() throws Exception {
        writer.stageIn(dir);
        Path target = dir.resolve("f.bin");
        try (RestoreWriter.PendingFile f = writer.openFile(target, 0640, true)) {
            f.writeAt(new byte[100], 0);
        }
        writer.unstage();
        assertFalse(Files.exists(target));
    }

    @Test
    void FileInPlaceMeetingAnExistingEntryReplacesItByRename() throws Exception {
        writer.stageIn(dir);
        Path target = dir.resolve("f.bin");
        Files.writeString(target, "old content");
        try (RestoreWriter.PendingFile f = writer.openFile(target, 0600, true)) {
            f.writeAt("new".getBytes(), 0);
            assertEquals("old content", Files.readString(target), "the old file stays until the commit");
            f.commit(0600, 1_000_000_000L);
        }
        writer.unstage();
        assertEquals("new", Files.readString(target));
    }

    @Test
    void MarkerStaysUntilMarkedComplete() throws Exception {
        writer.markIncomplete(dir);
        assertTrue(Files.exists(dir.resolve(RestoreWriter.INCOMPLETE_MARKER)));
        assertTrue(writer.markComplete(dir));
        assertFalse(Files.exists(dir.resolve(RestoreWriter.INCOMPLETE_MARKER)));
    }

    @Test
    void CreateDirectorySaysWhetherItCreatedIt() throws Exception {
        assertTrue(writer.createDirectory(dir.resolve("x/y")));
        assertFalse(writer.createDirectory(dir.resolve("x/y")));
        assertFalse(writer.createDirectory(dir.resolve("x")));
    }

    @Test
    void MtimeIsSetInOneCallWhereTheJdkIsOpened() throws Exception {
        assertTrue(PathTimes.direct(), "surefire opens sun.nio.fs as the CLI jar's manifest does");
        Path f = Files.writeString(dir.resolve("t"), "x");
        RestoreWriter.setMtime(f, 1_234_567_890_123_456_789L);
        assertEquals(1_234_567_890_123_456_789L, FileStat.read(f).mtimeNanos());
        Path link = dir.resolve("l");
        Files.createSymbolicLink(link, Path.of("t"));
        RestoreWriter.setMtime(link, 1_000_000_007L);
        assertEquals(1_000_000_007L, FileStat.read(link).mtimeNanos(), "the link itself");
        assertEquals(1_234_567_890_123_456_789L, FileStat.read(f).mtimeNanos(), "not its target");
    }
}
