package io.phoenix.protocol.exchange;

import java.util.Arrays;
import java.util.BitSet;

/** A {@link PositionSet} on a {@link BitSet}: heap grows with the highest position, so only for small sets and tests. */
final class HeapPositions implements PositionSet {
    private final long size;
    private BitSet bits = new BitSet();

    HeapPositions(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) throw new IllegalArgumentException("position set of " + size);
        this.size = size;
    }

    private BitSet bits() {
        if (bits == null) throw new IllegalStateException("position set is closed");
        return bits;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean contains(long position) {
        return position >= 0 && position < size && bits().get((int) position);
    }

    @Override
    public boolean add(long position) {
        if (position < 0 || position >= size || bits().get((int) position)) return false;
        bits.set((int) position);
        return true;
    }

    @Override
    public boolean remove(long position) {
        if (!contains(position)) return false;
        bits.clear((int) position);
        return true;
    }

    @Override
    public long count() {
        return bits().cardinality();
    }

    @Override
    public void addBitmap(long firstByte, byte[] bitmap) {
        BitSet window = BitSet.valueOf(bitmap);
        for (int i = window.nextSetBit(0); i >= 0; i = window.nextSetBit(i + 1)) add(8 * firstByte + i);
    }

    @Override
    public void copyBitmap(long firstByte, byte[] dst) {
        Arrays.fill(dst, (byte) 0);
        long from = 8 * firstByte;
        BitSet b = bits();
        for (int i = b.nextSetBit((int) Math.min(Integer.MAX_VALUE, from)); i >= 0 && i < from + 8L * dst.length; i = b.nextSetBit(i + 1)) {
            long k = i - from;
            dst[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
        }
    }

    @Override
    public void close() {
        bits = null;
    }
}
