package io.phoenix.node.store.pack;

/**
 * Where a block's bytes are: pack number, offset of the first data byte, length. {@link #DELETED}
 * (length -1) records that the block was deleted or found corrupt and reads as absent.
 */
record Location(int pack, long offset, int length) {
    static final Location DELETED = new Location(0, 0, -1);

    boolean deleted() {
        return length < 0;
    }
}
