package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Pipeline stage 2, the previous run's file cache, read from disk as the scan goes: for each
 * source root it scanned, the previous run wrote one section of records in the scanner's order
 * (depth first, names in unsigned UTF-8 order; a record's key is its path below the root with
 * {@code /} as a 0 byte, so that order is the keys' byte order). The scanner reads a section with
 * a {@link CacheCursor}, a merge-join that only ever moves forward, so the heap holds one record
 * at a time however many files there are. An unchanged file (same size, mtime, ctime, inode,
 * device) is not read at all.
 *
 * <p>Only an optimisation: a missing, stale or damaged cache costs re-reading files, never
 * correctness (the engine also checks that every cached chunk is still in the block store). Every
 * byte is read through {@link FramedInput}, so damage is detected (CRC32C per 64 KiB frame) before
 * a record of a damaged frame is used; the rest of that section is then ignored with one warning.
 * Layout: docs/snapshot.md §4, written by {@link FileCacheWriter}.
 */
public final class FileCache implements AutoCloseable {
    static final byte[] MAGIC = "PHXFCACHE".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    /** Bytes before the first frame: magic and version. */
    static final int HEADER = MAGIC.length + 1;
    /** The footer: u64 offset of the table of sections ‖ u32 CRC32C of those 8 bytes ‖ "PXFE". */
    static final int FOOTER = 16;
    static final byte[] FOOTER_MAGIC = "PXFE".getBytes(StandardCharsets.US_ASCII);

    /** One section of the table: the source root it covers, where its frames start, its records. */
    record Section(String root, long offset, long records) {}

    private final Path file;
    private final FileChannel ch;
    private final Map<String, Section> sections;
    private final Consumer<String> onDamage;

    private FileCache(Path file, FileChannel ch, Map<String, Section> sections, Consumer<String> onDamage) {
        this.file = file;
        this.ch = ch;
        this.sections = sections;
        this.onDamage = onDamage;
    }

    public static FileCache empty() {
        return new FileCache(null, null, Collections.synchronizedMap(new LinkedHashMap<>()), m -> { });
    }

    /**
     * Opens the cache; a missing file gives an empty cache, a damaged header, footer or table of
     * sections too (reported via {@code onDamage}). Damage inside a section is found, and reported
     * the same way, when the scan reaches it.
     */
    public static FileCache open(Path file, Consumer<String> onDamage) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            if (size < HEADER + FOOTER) throw new FramedInput.DamagedException("truncated (" + size + " bytes)");
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readAt(ch, head, 0);
            if (!Arrays.equals(head.array(), 0, MAGIC.length, MAGIC, 0, MAGIC.length)) throw new IOException("bad magic");
            int version = head.get(MAGIC.length) & 0xff;
            if (version != VERSION) throw new IOException("unsupported version " + version);
            ByteBuffer foot = ByteBuffer.allocate(FOOTER);
            readAt(ch, foot, size - FOOTER);
            CRC32C crc = new CRC32C();
            crc.update(foot.array(), 0, 8);
            if (!Arrays.equals(foot.array(), 12, 16, FOOTER_MAGIC, 0, 4) || foot.getInt(8) != (int) crc.getValue()) {
                throw new FramedInput.DamagedException("no valid footer (truncated or damaged)");
            }
            long tocAt = foot.getLong(0);
            if (tocAt < HEADER || tocAt >= size - FOOTER) throw new FramedInput.DamagedException("table of sections at " + tocAt);
            FramedInput toc = new FramedInput(ch, tocAt);
            int n = toc.readInt();
            if (n < 0 || n > 1 << 20) throw new FramedInput.DamagedException(n + " sections");
            Map<String, Section> sections = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                byte[] root = new byte[toc.readUnsignedShort()];
                toc.readFully(root, 0, root.length);
                long offset = toc.readLong(), records = toc.readLong();
                if (offset < HEADER || offset >= tocAt) throw new FramedInput.DamagedException("section at " + offset);
                String r = new String(root, StandardCharsets.UTF_8);
                sections.putIfAbsent(r, new Section(r, offset, records));
            }
            return new FileCache(file, ch, Collections.synchronizedMap(sections), onDamage);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (FramedInput.DamagedException e) {
            close(ch);
            onDamage.accept("file cache " + file + " is damaged (" + e.getMessage() + "); unchanged files will be read again");
            return empty();
        } catch (IOException | RuntimeException e) {
            close(ch);
            onDamage.accept("file cache " + file + " is unusable (" + e.getMessage() + "); unchanged files will be read again");
            return empty();
        }
    }

    /**
     * A cursor over the records the previous run wrote for {@code root}, or null when it wrote none.
     * Each section is handed out once: a second scan of the same root in one run reads every file.
     */
    public CacheCursor section(Path root) {
        Section s = sections.remove(root.toString());
        return s == null ? null : new CacheCursor(new FramedInput(ch, s.offset()), message ->
                onDamage.accept("file cache " + file + " is damaged in the section of " + root + " (" + message
                        + "); its files not looked up yet will be read again"));
    }

    /** The sections not handed out by {@link #section}, for the writer to carry over. */
    List<Section> remaining() {
        synchronized (sections) {
            return new ArrayList<>(sections.values());
        }
    }

    /** A cursor over an arbitrary section (carrying it over into the next cache). */
    CacheCursor cursor(Section s) {
        return new CacheCursor(new FramedInput(ch, s.offset()), message ->
                onDamage.accept("file cache " + file + ": section of " + s.root() + " not carried over (" + message + ")"));
    }

    /** Records in the sections not yet handed out. */
    public long records() {
        long n = 0;
        for (Section s : remaining()) n += s.records();
        return n;
    }

    private static void readAt(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, at + b.position());
            if (r < 0) throw new FramedInput.DamagedException("truncated");
        }
    }

    private static void close(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }

    @Override
    public void close() {
        close(ch);
    }
}
