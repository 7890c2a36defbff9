package io.phoenix.bridge.arweave;

import io.phoenix.protocol.spill.CidKey;
import io.phoenix.protocol.spill.RecordSorter;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One snapshot's index ({@link ArweaveIndex}) held on local disk, in its own scratch directory:
 * the data of its index transaction (downloaded and checked against its {@code data_root}, or the
 * file a push just uploaded). Opening reads it through once, checking its structure and counting
 * its blocks; {@link #forEachPack} streams it again. {@link #locate} answers where a block lies from
 * two files built on its first call: the blocks sorted by key, {@code key (36) ‖ pack number (u32)
 * ‖ offset in the pack (u32) ‖ length (u32)}, and the packs by number, {@code txid (32) ‖ pack size
 * (u64)} (all big-endian), both memory-mapped. The heap holds a few objects, whatever the size.
 */
final class ArweaveIndexFile implements Closeable {
    /** Where a block lies: in transaction {@code txId}'s data, {@code [offset, offset + length)} of {@code packSize} bytes. */
    record Location(String txId, long offset, int length, long packSize) {}

    /** Receives the packs of the index. */
    @FunctionalInterface
    interface PackVisitor {
        void visit(String txId, long blocks, long size) throws IOException;
    }

    private static final int LOCATION = CidKey.BYTES + 12;
    private static final int PACK = ArweaveIndex.TXID + 8;
    private static final int SORT_BUFFER = 4 << 20;

    private final String txId;
    private final ArweaveData data;
    private final WorkDir.Scratch scratch;
    private final Cid root;
    private final long packs;
    private final long blocks;
    /** Lookups and walks hold it shared; {@link #close} exclusively, so nothing reads an unmapped file. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;
    private SortedRecords locations;
    private SortedRecords packTable;

    private ArweaveIndexFile(String txId, ArweaveData data, WorkDir.Scratch scratch, Cid root, long packs, long blocks) {
        this.txId = txId;
        this.data = data;
        this.scratch = scratch;
        this.root = root;
        this.packs = packs;
        this.blocks = blocks;
    }

    /** Checks and counts the index in {@code data} (which lies in {@code scratch}, deleted by {@link #close}). */
    static ArweaveIndexFile open(String txId, ArweaveData data, WorkDir.Scratch scratch) throws IOException {
        try (InputStream in = new BufferedInputStream(data.open(), 1 << 16)) {
            ArweaveIndex.Reader r = new ArweaveIndex.Reader(in, data.size());
            long blocks = 0;
            for (ArweaveIndex.Pack p = r.nextPack(); p != null; p = r.nextPack()) {
                for (long i = 0; i < p.blocks(); i++) r.nextEntry();
                blocks += p.blocks();
            }
            return new ArweaveIndexFile(txId, data, scratch, r.root(), r.packCount(), blocks);
        }
    }

    String txId() {
        return txId;
    }

    Cid root() {
        return root;
    }

    long packs() {
        return packs;
    }

    long blocks() {
        return blocks;
    }

    /** Streams the packs: transaction id, blocks, bytes. */
    void forEachPack(PackVisitor visitor) throws IOException {
        lock.readLock().lock();
        try (InputStream in = new BufferedInputStream(stream(), 1 << 16)) {
            ArweaveIndex.Reader r = new ArweaveIndex.Reader(in, data.size());
            for (ArweaveIndex.Pack p = r.nextPack(); p != null; p = r.nextPack()) {
                long size = 0;
                for (long i = 0; i < p.blocks(); i++) size += r.nextEntry().length();
                visitor.visit(p.txId(), p.blocks(), size);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private InputStream stream() throws IOException {
        if (closed) throw new IOException("the local copy of index " + txId + " was closed (evicted); load it again");
        return data.open();
    }

    /** Where {@code cid} lies, or null when this index does not list it (or was closed meanwhile). */
    Location locate(Cid cid) throws IOException {
        byte[] key = CidKey.of(cid);
        if (key == null) return null;
        lock.readLock().lock();
        try {
            if (closed) return null;
            return locate(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Location locate(byte[] key) throws IOException {
        SortedRecords byKey;
        SortedRecords byNumber;
        synchronized (this) {
            if (locations == null) build();
            byKey = locations;
            byNumber = packTable;
        }
        long at = byKey.find(key);
        if (at < 0) return null;
        byte[] record = new byte[LOCATION];
        byKey.read(at, record);
        ByteBuffer b = ByteBuffer.wrap(record, CidKey.BYTES, 12);
        long pack = Integer.toUnsignedLong(b.getInt());
        long offset = Integer.toUnsignedLong(b.getInt());
        int length = b.getInt();
        byte[] p = new byte[PACK];
        byNumber.read(pack, p);
        ByteBuffer pb = ByteBuffer.wrap(p);
        byte[] txid = new byte[ArweaveIndex.TXID];
        pb.get(txid);
        return new Location(Base64Url.encode(txid), offset, length, pb.getLong());
    }

    /** Sorts the blocks by key and numbers the packs (one pass over the index). */
    private void build() throws IOException {
        Path runs = scratch.newDirectory("runs");
        Path table = scratch.newFile("packs");
        try (InputStream in = new BufferedInputStream(stream(), 1 << 16);
             DataOutputStream packsOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(table), 1 << 16));
             RecordSorter sorter = new RecordSorter(runs, LOCATION, CidKey.BYTES, SORT_BUFFER)) {
            ArweaveIndex.Reader r = new ArweaveIndex.Reader(in, data.size());
            byte[] record = new byte[LOCATION];
            ByteBuffer tail = ByteBuffer.wrap(record);
            long number = 0;
            for (ArweaveIndex.Pack p = r.nextPack(); p != null; p = r.nextPack(), number++) {
                long offset = 0;
                for (long i = 0; i < p.blocks(); i++) {
                    ArweaveIndex.Entry e = r.nextEntry();
                    if (CidKey.copy(e.cid(), record, 0)) {
                        tail.putInt(CidKey.BYTES, (int) number).putInt(CidKey.BYTES + 4, (int) offset).putInt(CidKey.BYTES + 8, e.length());
                        sorter.add(record);
                    }
                    offset += e.length();
                }
                packsOut.write(p.txid());
                packsOut.writeLong(offset);
            }
            packsOut.close();
            locations = sorter.finish(scratch.newFile("locations"));
            packTable = SortedRecords.open(table, PACK, 1);
        } finally {
            Files.deleteIfExists(runs);
        }
    }

    /** Unmaps and deletes the index and what was built from it, once no lookup or walk runs. */
    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            if (locations != null) locations.close();
            if (packTable != null) packTable.close();
            scratch.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
