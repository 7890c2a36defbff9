package io.phoenix.node.store.pack;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The embedded block store (layout 3, docs/storage.md "Pack store"): blocks are appended to pack
 * files of up to 64 MiB and found through a durable index of sorted runs that is read through
 * memory maps, so ~20 million blocks need no in-heap index and a snapshot of thousands of small
 * files costs a few file creations and fsyncs, not one of each per block.
 *
 * <p>A put appends the block to the current pack and records it in an in-heap table of unflushed
 * blocks (readable at once). {@link #flush} (called by the snapshot engine before it publishes a
 * manifest, and automatically every {@link PackStoreOptions#maxPendingBlocks} blocks) fdatasyncs the
 * packs, then writes the table as a new index run (temp file, fsync, rename, directory fsync). After
 * a crash a block is visible only if its index record is, and then its bytes were durable first.
 * Every read is verified against the CID.
 */
public final class PackBlockStore implements BlockStore {
    private final Path root;
    private final PackStoreOptions options;
    private final DirectoryLock lock;
    private final PackFiles packs;
    private final IndexRuns index;
    private final ConcurrentHashMap<IndexKey, Location> pending = new ConcurrentHashMap<>();
    /** Bytes of the blocks in {@link #pending} (approximately: updated outside the map's own atomicity). */
    private final AtomicLong pendingBytes = new AtomicLong();
    private final ReentrantLock flushLock = new ReentrantLock();
    private volatile boolean closed;
    private final boolean scratchRemoved;

    /** Where a stored block's bytes are (for tests and diagnostics). */
    public record Position(Path pack, long offset, int length) {}

    private PackBlockStore(Path root, PackStoreOptions options, DirectoryLock lock) throws IOException {
        this.root = root;
        this.options = options;
        this.lock = lock;
        StoreVersion.check(root, StoreVersion.PACKS);
        Path indexDir = root.resolve("index");
        if (!Files.isDirectory(indexDir) && new PackLedger(root.resolve("packs").resolve("ledger")).hasRecords()) {
            // the first open creates index/; a ledger record means some flush got as far as writing a run
            throw new IOException("block store " + root + " has packs that were indexed but no index directory: " + IndexRun.REPAIR_HINT);
        }
        this.scratchRemoved = IndexRebuild.removeScratch(root); // what a killed rebuild left
        this.index = IndexRuns.open(indexDir);
        try {
            this.packs = new PackFiles(root.resolve("packs"), options.maxPackBytes(), !index.runs().isEmpty());
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        PackFiles.syncDirectory(root);
    }

    public static PackBlockStore open(Path dir) throws IOException {
        return open(dir, PackStoreOptions.DEFAULTS);
    }

    /** Opens (creating if needed) the store in {@code dir}, taking its lock and removing what a crash left half-done. */
    public static PackBlockStore open(Path dir, PackStoreOptions options) throws IOException {
        return StoreDirectory.openLocked(dir, (root, lock) -> new PackBlockStore(root, options, lock));
    }

    public Path directory() {
        return root;
    }

    /** Blocks put but not yet flushed. */
    public int pendingBlocks() {
        return pending.size();
    }

    /** Index runs a lookup searches (O(log n) of the blocks stored). */
    public int indexRuns() {
        return index.runs().size();
    }

    /** Files a crash left behind that {@link #open} removed (unfinished index runs, runs a merge or rebuild replaced, packs nothing indexed, a rebuild's scratch directory). */
    public int leftoversRemoved() {
        return index.removedAtOpen() + packs.removedAtOpen() + (scratchRemoved ? 1 : 0);
    }

    /** Whether open found the ledger missing beside an index and wrote a new one that cuts nothing (docs/storage.md). */
    public boolean ledgerRecreated() {
        return packs.ledgerRecreated();
    }

    /** Bytes {@link #open} gave back by cutting off what an earlier writer appended but never indexed. */
    public long bytesReclaimed() {
        return packs.bytesReclaimed();
    }

    /** Where the bytes of {@code cid} are, or null when the store does not hold it. */
    public Position position(Cid cid) throws IOException {
        IndexKey key = IndexKey.of(cid);
        Location loc = key == null ? null : locate(key);
        return loc == null || loc.deleted() ? null : new Position(packs.fileOf(loc.pack()), loc.offset(), loc.length());
    }

    /** Blocks up to this size are copied behind their entry header and written with it. */
    private static final int SMALL_BLOCK = 64 << 10;

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        store(cid, data, 0, data.length, true);
    }

    /** As {@link #put}, without hashing the bytes again (the snapshot engine hashed them to name them). */
    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        store(cid, data, 0, data.length, false);
    }

    /** As {@link #putHashed(Cid, byte[])} for a range, written straight from the caller's array. */
    @Override
    public void putHashed(Cid cid, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        store(cid, data, off, len, false);
    }

    /** One lookup (the put's own), not a {@code has} before it. */
    @Override
    public boolean putHashedIfAbsent(Cid cid, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        return store(cid, data, off, len, false);
    }

    /** True when this call added the block (false: it was there, or a racing put of it won). */
    private boolean store(Cid cid, byte[] data, int off, int len, boolean verify) throws IOException {
        ensureOpen();
        if (len > options.maxBlockBytes()) {
            throw new IllegalArgumentException("block " + cid + " is " + len + " bytes, over the limit of " + options.maxBlockBytes());
        }
        IndexKey key = keyOf(cid);
        if (verify && !cid.verifies(data, off, len)) {
            throw new IllegalArgumentException("data (" + len + " bytes) does not hash to " + cid);
        }
        Location known = locate(key);
        if (known != null && !known.deleted()) return false;
        byte[] cidBytes = cid.toBytes();
        int headBytes = 1 + cidBytes.length + 4;
        // a small block goes out with its header in one write (one system call per block of a small file)
        ByteBuffer head = ByteBuffer.allocate(len <= SMALL_BLOCK ? headBytes + len : headBytes);
        head.put((byte) cidBytes.length).put(cidBytes).putInt(len);
        if (len <= SMALL_BLOCK) head.put(data, off, len);
        head.flip();
        Location loc;
        try {
            PackFiles.Reservation r = packs.reserve(headBytes + len);
            PackFiles.write(r, head);
            if (len > SMALL_BLOCK) {
                PackFiles.write(new PackFiles.Reservation(r.pack(), r.channel(), r.position() + headBytes), ByteBuffer.wrap(data, off, len));
            }
            loc = new Location(r.pack(), r.position() + headBytes, len);
        } catch (IOException e) {
            throw StoreFailure.of(root, "storing", "block " + cid, e);
        }
        // counted only when this entry went in (a racing put of the same block may have won)
        boolean added = pending.merge(key, loc, (old, mine) -> old.deleted() ? mine : old) == loc;
        if (added) pendingBytes.addAndGet(len);
        flushIfFull();
        return added;
    }

    /**
     * The automatic flush of a full pending table. The putting thread flushes unless another one
     * already is, and then goes on putting instead of queueing behind it (every writer used to wait
     * out the fdatasync); only a table four times over its limit makes a put wait for a flush.
     */
    private void flushIfFull() throws IOException {
        int blocks = pending.size();
        long bytes = pendingBytes.get();
        if (blocks < options.maxPendingBlocks() && bytes < options.maxPendingBytes()) return;
        if (flushLock.tryLock()) {
            try {
                flushLocked();
            } finally {
                flushLock.unlock();
            }
        } else if (blocks >= 4L * options.maxPendingBlocks() || bytes >= 4 * options.maxPendingBytes()) {
            flush();
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        ensureOpen();
        IndexKey key = IndexKey.of(cid);
        Location loc = located(cid, key);
        byte[] data = new byte[loc.length()];
        readVerified(cid, key, loc, data);
        return data;
    }

    /** As {@link #get(Cid)}, read from the pack straight into {@code buf}. */
    @Override
    public int get(Cid cid, byte[] buf) throws IOException {
        ensureOpen();
        IndexKey key = IndexKey.of(cid);
        Location loc = located(cid, key);
        if (loc.length() > buf.length) { // the caller's limit, not damage: the block stays
            throw new CorruptBlockException(cid, where(loc) + ": " + loc.length() + " bytes, more than the " + buf.length + " a block can be");
        }
        return readVerified(cid, key, loc, buf);
    }

    /** Where the store holds {@code cid}; {@link BlockNotFoundException} when it does not. */
    private Location located(Cid cid, IndexKey key) throws IOException {
        Location loc = key == null ? null : locate(key);
        if (loc == null || loc.deleted()) throw new BlockNotFoundException(cid);
        return loc;
    }

    /** Reads the block at {@code loc} into {@code into[0, length)} and checks it against the CID. */
    private int readVerified(Cid cid, IndexKey key, Location loc, byte[] into) throws IOException {
        int n = packs.read(loc.pack(), loc.offset(), loc.length(), into);
        if (n < 0) throw corrupt(cid, key, loc, where(loc) + ": the pack file is missing");
        if (n < loc.length()) throw corrupt(cid, key, loc, where(loc) + ": only " + n + " of " + loc.length() + " bytes are there");
        if (!cid.verifies(into, 0, n)) throw corrupt(cid, key, loc, where(loc) + ": " + n + " bytes that do not hash to the CID");
        return n;
    }

    private String where(Location loc) {
        return "pack " + packs.fileOf(loc.pack()) + " at offset " + loc.offset();
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        ensureOpen();
        IndexKey key = IndexKey.of(cid);
        Location loc = key == null ? null : locate(key);
        return loc != null && !loc.deleted();
    }

    @Override
    public long size(Cid cid) throws IOException {
        ensureOpen();
        IndexKey key = IndexKey.of(cid);
        Location loc = key == null ? null : locate(key);
        return loc == null || loc.deleted() ? -1 : loc.length();
    }

    /** Records the block as deleted; its bytes stay in the pack (packs are never rewritten). */
    @Override
    public void delete(Cid cid) throws IOException {
        ensureOpen();
        IndexKey key = IndexKey.of(cid);
        if (key == null || !has(cid)) return;
        Location was = pending.put(key, Location.DELETED);
        if (was != null && !was.deleted()) pendingBytes.addAndGet(-was.length());
        flushIfFull();
    }

    /** Flushes, then merges the index runs in key order; memory use is one record per run. */
    @Override
    public void forEach(Consumer<Cid> visitor) throws IOException {
        flush();
        index.forEach((key, loc) -> visitor.accept(key.toCid()));
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushLock.lock();
        try {
            flushLocked();
        } finally {
            flushLock.unlock();
        }
    }

    /** The flush, with {@link #flushLock} held. */
    private void flushLocked() throws IOException {
        ensureOpen();
        try {
            if (pending.isEmpty()) return;
            TreeMap<IndexKey, Location> batch = new TreeMap<>(pending);
            packs.syncWritten();
            Map<Integer, Long> ends = new HashMap<>();
            for (Location loc : batch.values()) {
                if (!loc.deleted()) ends.merge(loc.pack(), loc.offset() + loc.length(), Math::max);
            }
            packs.recordIndexedEnds(ends); // before the run: the ledger may run ahead of the index, never behind
            index.add(batch);
            // the run is installed: a reader that misses in pending now finds the block in the index
            long flushed = 0;
            for (Map.Entry<IndexKey, Location> e : batch.entrySet()) {
                if (pending.remove(e.getKey(), e.getValue()) && !e.getValue().deleted()) flushed += e.getValue().length();
            }
            pendingBytes.addAndGet(-flushed);
        } catch (IOException e) {
            throw StoreFailure.of(root, "flushing", "blocks", e);
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
            index.close();
            packs.close();
            lock.close();
        }
    }

    /** The block's location, {@link Location#DELETED}, or null; a block whose pack file is gone reads as absent. */
    private Location locate(IndexKey key) throws IOException {
        Location loc = pending.get(key);
        if (loc == null) loc = index.find(key);
        if (loc == null || loc.deleted() || packs.exists(loc.pack())) return loc;
        return null;
    }

    private static IndexKey keyOf(Cid cid) {
        IndexKey key = IndexKey.of(cid);
        if (key == null) throw new IllegalArgumentException("the pack store holds CIDv1 SHA2-256 blocks only, not " + cid);
        return key;
    }

    private CorruptBlockException corrupt(Cid cid, IndexKey key, Location loc, String what) {
        String message = what;
        if (options.markCorruptAbsent()) {
            Location now = pending.get(key);
            if (now == null || now.equals(loc)) {
                Location was = pending.put(key, Location.DELETED);
                if (was != null && !was.deleted()) pendingBytes.addAndGet(-was.length());
                message += "; marked absent so that the next put or fetch repairs it";
            }
        }
        return new CorruptBlockException(cid, message);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("block store " + root + " is closed");
    }
}
