package io.phoenix.protocol.exchange;

/**
 * A set of positions in a snapshot's block index, {@code [0, size)}: what this node holds of a
 * snapshot it is fetching, or what a peer says it holds. Bits are laid out as on the wire (bit
 * {@code k} of byte {@code k / 8}, least significant first), so a {@code Holdings} window is a
 * plain copy. Implementations: {@link #inHeap} for small sets and tests, a memory-mapped file
 * ({@code exchange.mapped.MappedPositions}) for snapshot-sized ones, so that a 20-million-block
 * index costs no heap. Not thread-safe unless an implementation says so.
 */
public interface PositionSet extends AutoCloseable {
    /** Makes position sets of a given size. */
    @FunctionalInterface
    interface Factory {
        PositionSet create(long size);
    }

    /** How many positions the set can hold. */
    long size();

    boolean contains(long position);

    /** Adds {@code position}; true when it was not there. Positions outside {@code [0, size)} are ignored. */
    boolean add(long position);

    /** Removes {@code position}; true when it was there. */
    boolean remove(long position);

    /** How many positions are in the set. */
    long count();

    /** Adds every position whose bit is set in {@code bitmap}, bit {@code k} being position {@code 8 * firstByte + k}. */
    void addBitmap(long firstByte, byte[] bitmap);

    /** Copies positions {@code [8 * firstByte, 8 * (firstByte + dst.length))} into {@code dst} as a bitmap. */
    void copyBitmap(long firstByte, byte[] dst);

    /** Frees what the set holds (its file, for a mapped set); any use afterwards throws {@link IllegalStateException}. */
    @Override
    void close();

    /** In the heap, growing with its highest position: for sets known to be small, and tests. */
    static Factory inHeap() {
        return HeapPositions::new;
    }
}
