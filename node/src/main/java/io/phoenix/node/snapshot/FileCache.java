package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Pipeline stage 2: the file cache. Maps a source file's absolute path to the stat it had when it
 * was last stored and the chunks and digest it was stored as, so that an unchanged file (same size,
 * mtime, ctime, inode, device) is not read at all. Only an optimisation: a missing, stale or
 * damaged cache file costs re-reading, never correctness (the engine also checks that every cached
 * chunk is still in the block store).
 *
 * <p>File layout (version 1, big-endian): magic {@code "PHXFCACHE"}, u8 version = 1, then records
 * {@code u8 1, UTF path, i64 size, i64 mtimeNs, i64 ctimeNs, i64 inode, i64 device, u16 digestLen,
 * digest, i32 chunkCount, chunkCount × (u16 cidLen, cid bytes, i32 length, u8 macLen, plaintext MAC)}, then {@code u8 0}.
 * Written to a temporary file, fsynced, renamed over the old one.
 */
public final class FileCache {
    private static final byte[] MAGIC = "PHXFCACHE".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private final Map<String, CachedFile> old;
    private final Map<String, CachedFile> next = new ConcurrentHashMap<>();

    private FileCache(Map<String, CachedFile> old) {
        this.old = old;
    }

    public static FileCache empty() {
        return new FileCache(Map.of());
    }

    /** Loads the cache; a missing file gives an empty cache, a damaged one too (reported via {@code onDamage}). */
    public static FileCache load(Path file, Consumer<String> onDamage) {
        Map<String, CachedFile> map = new HashMap<>();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException("bad magic");
            int version = in.readUnsignedByte();
            if (version != VERSION) throw new IOException("unsupported version " + version);
            while (in.readUnsignedByte() == 1) {
                String path = in.readUTF();
                long size = in.readLong(), mtime = in.readLong(), ctime = in.readLong(), ino = in.readLong(), dev = in.readLong();
                byte[] digest = in.readNBytes(in.readUnsignedShort());
                int n = in.readInt();
                if (n < 0 || n > (1 << 26)) throw new IOException("bad chunk count " + n);
                List<SavedChunk> chunks = new ArrayList<>(Math.min(n, 4096));
                for (int i = 0; i < n; i++) {
                    byte[] cid = in.readNBytes(in.readUnsignedShort());
                    int length = in.readInt();
                    byte[] mac = in.readNBytes(in.readUnsignedByte());
                    chunks.add(new SavedChunk(Cid.fromBytes(cid), length, mac));
                }
                map.put(path, new CachedFile(size, mtime, ctime, ino, dev, chunks, digest));
            }
            return new FileCache(map);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (EOFException e) {
            onDamage.accept("file cache " + file + " is truncated; unchanged files will be read again");
            return empty();
        } catch (IOException | RuntimeException e) {
            onDamage.accept("file cache " + file + " is unusable (" + e.getMessage() + "); unchanged files will be read again");
            return empty();
        }
    }

    /** The previous run's record of {@code path} whatever its stat (its chunk MACs seed dedup of a changed file). */
    public CachedFile previous(Path path) {
        return old.get(path.toString());
    }

    /** The previous run's record of {@code path}, if its stat still matches. */
    public CachedFile lookup(Path path, FileStat st) {
        CachedFile c = old.get(path.toString());
        return c != null && c.matches(st) ? c : null;
    }

    /** Records what {@code path} was stored as in this run. */
    public void record(Path path, CachedFile entry) {
        next.put(path.toString(), entry);
    }

    /**
     * Writes the new cache: this run's records plus the previous records of files outside every
     * source root scanned now (so snapshotting one layer keeps the other layers' entries).
     */
    public void save(Path file, List<Path> scannedRoots) throws IOException {
        commit(writeTemporary(file, scannedRoots), file);
    }

    /**
     * The first half of {@link #save}: writes and fsyncs the new cache beside {@code file} and
     * returns the temporary file, which {@link #commit} then renames over {@code file}. Split so
     * that the writing overlaps the publishing of the snapshot, and the cache changes only after it.
     */
    public Path writeTemporary(Path file, List<Path> scannedRoots) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            for (Map.Entry<String, CachedFile> e : old.entrySet()) {
                if (!next.containsKey(e.getKey()) && !under(e.getKey(), scannedRoots)) write(out, e.getKey(), e.getValue());
            }
            for (Map.Entry<String, CachedFile> e : next.entrySet()) write(out, e.getKey(), e.getValue());
            out.writeByte(0);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return tmp;
    }

    /** The second half of {@link #save}: {@code tmp} (from {@link #writeTemporary}) replaces {@code file} atomically. */
    public static void commit(Path tmp, Path file) throws IOException {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean under(String path, List<Path> roots) {
        Path p = Path.of(path);
        for (Path r : roots) if (p.startsWith(r)) return true;
        return false;
    }

    private static void write(DataOutputStream out, String path, CachedFile c) throws IOException {
        out.writeByte(1);
        out.writeUTF(path);
        out.writeLong(c.size());
        out.writeLong(c.mtimeNanos());
        out.writeLong(c.ctimeNanos());
        out.writeLong(c.inode());
        out.writeLong(c.device());
        out.writeShort(c.digest().length);
        out.write(c.digest());
        out.writeInt(c.chunks().size());
        for (SavedChunk r : c.chunks()) {
            byte[] cid = r.cid().toBytes();
            out.writeShort(cid.length);
            out.write(cid);
            out.writeInt(r.length());
            out.writeByte(r.mac().length);
            out.write(r.mac());
        }
    }

    public int size() {
        return old.size();
    }
}
