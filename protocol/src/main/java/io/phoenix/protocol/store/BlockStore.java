package io.phoenix.protocol.store;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Content-addressed storage of blocks. Lives in {@code protocol} (not {@code node}) because the
 * filesystem store in {@code node} and the S3 store in {@code storage-bridges} both implement it,
 * and both run the one contract suite shipped in this module's test-jar.
 *
 * <p>Contract: a block is visible only whole; {@link #put} checks that the bytes hash to the CID;
 * {@link #get} verifies the bytes against the CID on every read; {@link #flush} makes every block
 * put before it durable (the snapshot engine calls it before publishing a manifest). Safe for
 * concurrent readers and writers.
 */
public interface BlockStore extends AutoCloseable {
    /**
     * Stores the block; a no-op when it is already present. Throws {@link IllegalArgumentException}
     * if {@code data} does not hash to {@code cid} (nothing is stored), {@link StoreFullException}
     * when there is no room.
     */
    void put(Cid cid, byte[] data) throws IOException;

    /**
     * Stores a block whose CID the caller has just computed from exactly these bytes in this process
     * (for example {@code BlockCodec.encode}), so the store may skip hashing them a second time.
     * Everything else is as {@link #put}; the default simply calls it.
     */
    default void putHashed(Cid cid, byte[] data) throws IOException {
        put(cid, data);
    }

    /**
     * As {@link #putHashed(Cid, byte[])} for the block in {@code data[off, off + len)}. The store
     * keeps no reference to the array, so the caller may reuse it as soon as this returns (the
     * snapshot engine encodes every block into one buffer per thread). The default copies the range.
     */
    default void putHashed(Cid cid, byte[] data, int off, int len) throws IOException {
        putHashed(cid, Arrays.copyOfRange(data, off, off + len));
    }

    /**
     * As {@link #putHashed(Cid, byte[], int, int)}, unless the store has the block already; true when
     * this call stored it. The default asks {@link #has} first; a store that looks the block up on
     * every put anyway (the pack store) does it with that one lookup.
     */
    default boolean putHashedIfAbsent(Cid cid, byte[] data, int off, int len) throws IOException {
        if (has(cid)) return false;
        putHashed(cid, data, off, len);
        return true;
    }

    /** The verified block bytes; {@link BlockNotFoundException} or {@link CorruptBlockException} otherwise. */
    byte[] get(Cid cid) throws IOException;

    /**
     * As {@link #get}, into {@code buf} from index 0; returns the block's length. A block longer
     * than {@code buf} is a {@link CorruptBlockException} (callers pass room for the largest valid
     * block). The default copies what {@link #get} returns; a store that can read in place does so.
     */
    default int get(Cid cid, byte[] buf) throws IOException {
        byte[] data = get(cid);
        if (data.length > buf.length) {
            throw new CorruptBlockException(cid, "block is " + data.length + " bytes, more than the " + buf.length + " a block can be");
        }
        System.arraycopy(data, 0, buf, 0, data.length);
        return data.length;
    }

    boolean has(Cid cid) throws IOException;

    /** Size in bytes of the stored block, or -1 when absent (not verified). */
    long size(Cid cid) throws IOException;

    /** Removes the block if present. */
    void delete(Cid cid) throws IOException;

    /** Visits every stored CID (in no particular order) without holding them all in memory. */
    void forEach(Consumer<Cid> visitor) throws IOException;

    /** Makes every block put so far durable. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
