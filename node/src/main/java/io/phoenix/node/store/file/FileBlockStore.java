package io.phoenix.node.store.file;

import io.phoenix.node.store.DirectoryLock;
import io.phoenix.node.store.StoreDirectory;
import io.phoenix.node.store.StoreFailure;
import io.phoenix.node.store.StoreVersion;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.CorruptBlockException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A content-addressed block store on the local filesystem: one file per block, sharded into 256
 * directories by digest prefix (see {@link ShardLayout}), no in-heap index.
 *
 * <p>Directory layout: {@code VERSION} ("phoenix-blockstore 2"), {@code store.lock} (pid of the
 * holder), {@code blocks/xx/<cid>}, {@code tmp/} (temp files being written; emptied at open),
 * {@code quarantine/} (block files that failed verification).
 *
 * <p>Crash safety: a block is written to {@code tmp/}, fsynced, and only then renamed into its
 * shard (same filesystem, so the rename is atomic) and the shard directory fsynced — per put or, in
 * {@link Durability#BATCHED} mode, for a whole batch in {@link #flush()}. So a file under
 * {@code blocks/} always holds complete, durable bytes; a crash can lose blocks not yet flushed
 * (they sit in {@code tmp/}, removed at the next open) and can undo renames whose directory fsync
 * had not completed, never expose a partial block. Every read is verified against the CID anyway
 * (bit rot, tampering), and a mismatching file is reported as {@link CorruptBlockException} naming
 * the file and, when {@code quarantine} is on, moved to {@code quarantine/} so it reads as absent.
 */
public final class FileBlockStore implements BlockStore {
    private final Path root;
    private final Path tmp;
    private final Path quarantine;
    private final ShardLayout layout;
    private final FileStoreOptions options;
    private final DirectoryLock lock;
    private final int leftoversRemoved;
    private final ConcurrentMap<Cid, Path> pending = new ConcurrentHashMap<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    /** Directories whose entries changed since the last successful flush (guarded by flushLock). */
    private final Set<Path> unsyncedDirs = new HashSet<>();
    private final AtomicLong tempCounter = new AtomicLong();
    private final ExecutorService syncPool;
    private volatile boolean closed;

    private FileBlockStore(Path root, FileStoreOptions options, DirectoryLock lock) throws IOException {
        this.root = root;
        this.options = options;
        this.lock = lock;
        this.tmp = root.resolve("tmp");
        this.quarantine = root.resolve("quarantine");
        this.layout = new ShardLayout(root.resolve("blocks"));
        this.syncPool = options.durability() == Durability.BATCHED && options.syncThreads() > 1
                ? Executors.newFixedThreadPool(options.syncThreads(), Thread.ofPlatform().daemon().name("block-fsync-", 0).factory())
                : null;
        StoreVersion.check(root, StoreVersion.FILES);
        for (Path dir : List.of(layout.blocks(), tmp, quarantine)) Files.createDirectories(dir);
        createShards();
        Fsync.directory(root);
        this.leftoversRemoved = removeLeftovers();
    }

    public static FileBlockStore open(Path dir) throws IOException {
        return open(dir, FileStoreOptions.DEFAULTS);
    }

    /** Opens (creating if needed) the store in {@code dir}, taking its lock and removing leftover temp files. */
    public static FileBlockStore open(Path dir, FileStoreOptions options) throws IOException {
        return StoreDirectory.openLocked(dir, (root, lock) -> new FileBlockStore(root, options, lock));
    }

    public Path directory() {
        return root;
    }

    /** Where the block file for {@code cid} lives once durable (whether or not it exists). */
    public Path fileOf(Cid cid) {
        return layout.fileOf(cid);
    }

    /** Number of temp files left by an earlier process that {@link #open} removed. */
    public int leftoversRemoved() {
        return leftoversRemoved;
    }

    /** Blocks put but not yet flushed ({@link Durability#BATCHED} mode). */
    public int pendingBlocks() {
        return pending.size();
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        store(cid, data, true);
    }

    /** As {@link #put}, without hashing the bytes again (the snapshot engine hashed them to name them). */
    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        store(cid, data, false);
    }

    private void store(Cid cid, byte[] data, boolean verify) throws IOException {
        ensureOpen();
        if (data.length > options.maxBlockBytes()) {
            throw new IllegalArgumentException("block " + cid + " is " + data.length + " bytes, over the limit of " + options.maxBlockBytes());
        }
        if (verify && !cid.verifies(data)) {
            throw new IllegalArgumentException("data (" + data.length + " bytes) does not hash to " + cid);
        }
        Path target = layout.fileOf(cid);
        if (pending.containsKey(cid) || Files.exists(target)) return;
        Path temp = tmp.resolve(cid + "." + tempCounter.incrementAndGet() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) ch.write(buf);
                if (options.durability() == Durability.PER_PUT) ch.force(false);
            }
            if (options.durability() == Durability.PER_PUT) {
                ensureShard(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                Fsync.directory(target.getParent());
                return;
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw failure("storing", cid, e);
        }
        if (pending.putIfAbsent(cid, temp) != null) {
            Files.deleteIfExists(temp);
        } else if (pending.size() >= options.maxPendingBlocks()) {
            flush();
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        ensureOpen();
        Path file = layout.fileOf(cid);
        byte[] data = readIfPresent(cid, file);
        if (data == null) {
            Path temp = pending.get(cid);
            if (temp != null) {
                data = readIfPresent(cid, temp);
                if (data != null) file = temp;
            }
            if (data == null) data = readIfPresent(cid, file); // moved by a concurrent flush
        }
        if (data == null) throw new BlockNotFoundException(cid);
        if (!cid.verifies(data)) throw corrupt(cid, file, data.length + " bytes that do not hash to the CID");
        return data;
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        ensureOpen();
        return pending.containsKey(cid) || Files.exists(layout.fileOf(cid));
    }

    @Override
    public long size(Cid cid) throws IOException {
        ensureOpen();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return Files.size(layout.fileOf(cid));
            } catch (NoSuchFileException e) {
                Path temp = pending.get(cid);
                if (temp == null) return -1;
                try {
                    return Files.size(temp);
                } catch (NoSuchFileException moved) {
                    // renamed by a concurrent flush: look again
                }
            }
        }
        return -1;
    }

    @Override
    public void delete(Cid cid) throws IOException {
        ensureOpen();
        flushLock.lock();
        try {
            Path temp = pending.remove(cid);
            if (temp != null) Files.deleteIfExists(temp);
            Files.deleteIfExists(layout.fileOf(cid));
        } finally {
            flushLock.unlock();
        }
    }

    /** Flushes, then streams the shard directories; memory use is one directory listing at a time. */
    @Override
    public void forEach(Consumer<Cid> visitor) throws IOException {
        flush();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(layout.blocks())) {
            for (Path shard : shards) {
                if (!ShardLayout.isShardName(shard.getFileName().toString()) || !Files.isDirectory(shard)) continue;
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        Cid cid = ShardLayout.cidOfName(f.getFileName().toString());
                        if (cid != null && layout.fileOf(cid).equals(f)) visitor.accept(cid);
                    }
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushLock.lock();
        try {
            if (pending.isEmpty()) return;
            List<Map.Entry<Cid, Path>> batch = new ArrayList<>(pending.entrySet());
            Fsync.all(syncPool, batch.stream().map(Map.Entry::getValue).toList(), false);
            for (Map.Entry<Cid, Path> e : batch) {
                Path target = layout.fileOf(e.getKey());
                createShard(target.getParent(), unsyncedDirs);
                Files.move(e.getValue(), target, StandardCopyOption.ATOMIC_MOVE);
                unsyncedDirs.add(target.getParent());
                pending.remove(e.getKey(), e.getValue());
            }
            // new shard entries and renamed files: all durable before flush returns. A flush that
            // failed half-way leaves its directories here for the next one to sync.
            Fsync.all(syncPool, List.copyOf(unsyncedDirs), true);
            unsyncedDirs.clear();
        } catch (IOException e) {
            throw failure("flushing", null, e);
        } finally {
            flushLock.unlock();
        }
    }

    /** Flushes pending blocks and releases the lock. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            flush();
        } finally {
            closed = true;
            if (syncPool != null) syncPool.shutdown();
            lock.close();
        }
    }

    private byte[] readIfPresent(Cid cid, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > options.maxBlockBytes()) {
                throw corrupt(cid, file, size + " bytes, over the block size limit of " + options.maxBlockBytes());
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until full or end of file
            }
            if (buf.hasRemaining()) throw corrupt(cid, file, "shrank while being read");
            return buf.array();
        } catch (NoSuchFileException e) {
            return null;
        } catch (CorruptBlockException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot read block " + cid + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private CorruptBlockException corrupt(Cid cid, Path file, String what) {
        String where = "file " + file + " holds " + what;
        if (options.quarantine() && file.startsWith(layout.blocks())) {
            try {
                Path moved = quarantineFile(cid, file);
                where += "; moved to " + moved;
            } catch (IOException e) {
                where += "; could not quarantine it: " + e.getMessage();
            }
        }
        return new CorruptBlockException(cid, where);
    }

    private Path quarantineFile(Cid cid, Path file) throws IOException {
        for (int n = 0; n < 1000; n++) {
            Path target = quarantine.resolve(n == 0 ? cid.toString() : cid + "." + n);
            if (Files.exists(target)) continue;
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                Fsync.directory(file.getParent());
                return target;
            } catch (FileAlreadyExistsException e) {
                // raced with another quarantine of the same CID; try the next name
            }
        }
        throw new IOException("quarantine " + quarantine + " already holds 1000 copies of " + cid);
    }

    /** Creates the shard directory if missing, durably, before returning (per-put mode). */
    private void ensureShard(Path shard) throws IOException {
        Set<Path> parents = new HashSet<>();
        createShard(shard, parents);
        for (Path p : parents) Fsync.directory(p);
    }

    /** Creates the shard directory if missing (someone removed it) and adds {@code blocks/} to {@code toSync}. */
    private void createShard(Path shard, Set<Path> toSync) throws IOException {
        if (Files.isDirectory(shard)) return;
        Files.createDirectories(shard);
        toSync.add(layout.blocks());
    }

    /** Creates the 256 shard directories that are missing, then makes {@code blocks/} durable once. */
    private void createShards() throws IOException {
        boolean created = false;
        for (int i = 0; i < 256; i++) {
            Path shard = layout.shard(i);
            if (!Files.isDirectory(shard)) {
                Files.createDirectories(shard);
                created = true;
            }
        }
        if (created) Fsync.directory(layout.blocks());
    }

    private int removeLeftovers() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
                n++;
            }
        }
        if (n > 0) Fsync.directory(tmp);
        return n;
    }

    private IOException failure(String doing, Cid cid, IOException e) {
        return StoreFailure.of(root, doing, cid == null ? "blocks" : "block " + cid, e);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("block store " + root + " is closed");
    }
}
