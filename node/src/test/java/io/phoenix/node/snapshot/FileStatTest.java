package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatTest {
    @TempDir
    Path dir;

    @Test
    void theTestsRunTheFastPathAsTheCliDoes() {
        assertTrue(FileStat.fastPath(), "node's surefire argLine opens sun.nio.fs like the CLI jar's manifest");
    }

    @Test
    void fastAndPortablePathsAgreeOnEveryKindOfEntry() throws Exception {
        Path file = Files.write(dir.resolve("file"), new byte[12345]);
        Path old = Files.write(dir.resolve("before-1970"), new byte[3]);
        // 1969-12-30T23:59:59.25Z: the JDK's setTimes clamps times before 1970, touch(1) does not
        assertEquals(0, new ProcessBuilder("touch", "-m", "-d", "@-86400.75", old.toString()).start().waitFor());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Path fifo = dir.resolve("fifo");
        boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        List<Path> all = haveFifo ? List.of(file, old, sub, link, dangling, fifo) : List.of(file, old, sub, link, dangling);
        for (Path p : all) assertEquals(FileStat.readByName(p), FileStat.read(p), p.toString());

        FileStat f = FileStat.read(file);
        assertEquals(FileStat.Kind.FILE, f.kind());
        assertEquals(12345, f.size());
        assertEquals(FileStat.nanos(Files.getLastModifiedTime(file)), f.mtimeNanos());
        assertEquals(-86_401L * 1_000_000_000L + 250_000_000L, FileStat.read(old).mtimeNanos(), "floored seconds before 1970");
        assertEquals(FileStat.Kind.DIRECTORY, FileStat.read(sub).kind());
        assertEquals(FileStat.Kind.SYMLINK, FileStat.read(link).kind(), "links are not followed");
        assertEquals(FileStat.Kind.SYMLINK, FileStat.read(dangling).kind());
        if (haveFifo) assertEquals(FileStat.Kind.FIFO, FileStat.read(fifo).kind());
        assertEquals(Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS), f.inode());
    }

    @Test
    void aMissingEntryIsNoSuchFileOnBothPaths() {
        Path gone = dir.resolve("gone");
        assertThrows(NoSuchFileException.class, () -> FileStat.read(gone));
        assertThrows(NoSuchFileException.class, () -> FileStat.readByName(gone));
    }
}
