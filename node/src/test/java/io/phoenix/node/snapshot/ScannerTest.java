package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    @TempDir
    Path dir;

    private final List<Warnings.Warning> seen = new ArrayList<>();
    private final Warnings warnings = new Warnings(seen::add);

    @Test
    void listsSortedWithStatsAndDoesNotFollowSymlinks() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "bb");
        Files.createDirectory(dir.resolve("a"));
        Files.createSymbolicLink(dir.resolve("c"), Path.of("a"));
        List<SourceEntry> entries = new Scanner(warnings).list(dir, List.of());
        assertEquals(List.of("a", "b.txt", "c"), entries.stream().map(SourceEntry::name).toList());
        assertEquals(FileStat.Kind.DIRECTORY, entries.get(0).stat().kind());
        assertEquals(2, entries.get(1).stat().size());
        assertEquals(FileStat.Kind.SYMLINK, entries.get(2).stat().kind());
        assertEquals("a", entries.get(2).linkTarget());
        assertTrue(seen.isEmpty());
    }

    @Test
    void SocketsAndFifosAreSkippedWithAWarning() throws Exception {
        Files.writeString(dir.resolve("keep"), "x");
        Process p = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start();
        assertEquals(0, p.waitFor());
        try (ServerSocketChannel s = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(dir.resolve("sock")));
            List<SourceEntry> entries = new Scanner(warnings).list(dir, List.of());
            assertEquals(List.of("keep"), entries.stream().map(SourceEntry::name).toList());
        }
        assertEquals(2, seen.size());
        assertTrue(seen.get(0).message().contains("fifo"), seen.toString());
        assertTrue(seen.get(1).message().contains("socket"), seen.toString());
        assertFalse(warnings.incomplete(), "skipping special files does not make a snapshot incomplete");
    }

    @Test
    void DirectoryLoopIsReportedNotEntered() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        FileStat parent = FileStat.read(dir);
        // The same directory seen again below itself (what a bind-mount loop looks like).
        List<SourceEntry> entries = new Scanner(warnings).list(dir, List.of(FileStat.read(sub), parent));
        assertTrue(entries.isEmpty());
        assertTrue(warnings.incomplete());
        assertTrue(seen.get(0).message().contains("directory loop"), seen.toString());
    }

    @Test
    void statReadsNanosecondMtimeAndInode() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "hello");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        Files.setAttribute(f, "unix:mode", 04751);
        FileStat st = FileStat.read(f);
        assertEquals(1_700_000_000_123_456_789L, st.mtimeNanos());
        assertEquals(04751, st.mode());
        assertEquals(5, st.size());
        assertTrue(st.inode() > 0);
        assertFalse(st.contentMayDiffer(FileStat.read(f)));
        Files.writeString(f, "hellO");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
        assertTrue(st.contentMayDiffer(FileStat.read(f)), "ctime changes on write even when size and mtime are put back");
    }
}
