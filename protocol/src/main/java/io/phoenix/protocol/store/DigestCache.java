package io.phoenix.protocol.store;

import java.util.Arrays;

/**
 * A bounded, lossy map from 32-byte digests (SHA-256 of a block, a keyed MAC) to a fixed-size
 * value (possibly empty: a set), in two flat arrays whose size is fixed at construction: nothing is
 * allocated per entry and nothing grows with the number of digests seen. Two-way set associative:
 * a digest may live in one of two slots chosen by its first bytes; when both are taken, the older
 * of the two is replaced. So an entry may be forgotten at any time (a caller treats a miss as
 * "not known", never as "absent"), but a hit is exact: the whole digest is compared.
 *
 * <p>The keys must be uniformly distributed (cryptographic digests are); the slot index is taken
 * from their first four bytes. Safe for concurrent use (every method is synchronized; the work
 * inside is a few array compares).
 */
public final class DigestCache {
    public static final int KEY_BYTES = 32;

    private final int valueBytes;
    private final int mask;
    private final byte[] keys;
    private final byte[] values;
    /** Per slot: 0 = empty, else the insertion tick (to replace the older of two). */
    private final long[] ticks;
    private long tick;
    private int size;

    /**
     * @param capacity   entries held at most; rounded up to a power of two, at least 2
     * @param valueBytes bytes of value per entry (0 for a set)
     */
    public DigestCache(int capacity, int valueBytes) {
        if (capacity < 1 || capacity > 1 << 26) throw new IllegalArgumentException("capacity " + capacity);
        int slots = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
        this.valueBytes = valueBytes;
        this.mask = slots - 1;
        this.keys = new byte[slots * KEY_BYTES];
        this.values = new byte[slots * valueBytes];
        this.ticks = new long[slots];
    }

    /** Entries this cache can hold. */
    public int capacity() {
        return mask + 1;
    }

    /** Bytes of heap its arrays take: fixed at construction. */
    public long heapBytes() {
        return (long) keys.length + values.length + 8L * ticks.length;
    }

    /** Entries held now (at most {@link #capacity}). */
    public synchronized int size() {
        return size;
    }

    /** True when {@code key[off, off + 32)} is held. */
    public synchronized boolean contains(byte[] key, int off) {
        return find(key, off) >= 0;
    }

    /** Copies the value of {@code key} into {@code out[0, valueBytes)} and returns true, or returns false when not held. */
    public synchronized boolean get(byte[] key, int off, byte[] out) {
        int s = find(key, off);
        if (s < 0) return false;
        System.arraycopy(values, s * valueBytes, out, 0, valueBytes);
        return true;
    }

    /** Holds {@code key} with {@code value[valueOff, valueOff + valueBytes)} (null for a set), replacing an older entry if need be. */
    public synchronized void put(byte[] key, int off, byte[] value, int valueOff) {
        int s = find(key, off);
        if (s < 0) {
            int a = slot(key, off), b = a ^ 1;
            if (ticks[a] == 0) s = a;
            else if (ticks[b] == 0) s = b;
            else s = ticks[a] <= ticks[b] ? a : b;
            if (ticks[s] == 0) size++;
            System.arraycopy(key, off, keys, s * KEY_BYTES, KEY_BYTES);
        }
        ticks[s] = ++tick;
        if (valueBytes > 0) System.arraycopy(value, valueOff, values, s * valueBytes, valueBytes);
    }

    /** Holds {@code key} (for a set); returns true when it was not held before. */
    public synchronized boolean add(byte[] key, int off) {
        if (find(key, off) >= 0) return false;
        put(key, off, null, 0);
        return true;
    }

    /** Forgets {@code key}. */
    public synchronized void remove(byte[] key, int off) {
        int s = find(key, off);
        if (s >= 0) {
            ticks[s] = 0;
            size--;
        }
    }

    private int slot(byte[] key, int off) {
        int h = (key[off] & 0xff) | (key[off + 1] & 0xff) << 8 | (key[off + 2] & 0xff) << 16 | (key[off + 3] & 0xff) << 24;
        return h & mask;
    }

    private int find(byte[] key, int off) {
        int a = slot(key, off);
        if (ticks[a] != 0 && Arrays.equals(keys, a * KEY_BYTES, (a + 1) * KEY_BYTES, key, off, off + KEY_BYTES)) return a;
        int b = a ^ 1;
        if (ticks[b] != 0 && Arrays.equals(keys, b * KEY_BYTES, (b + 1) * KEY_BYTES, key, off, off + KEY_BYTES)) return b;
        return -1;
    }
}
