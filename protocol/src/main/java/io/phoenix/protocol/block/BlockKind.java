package io.phoenix.protocol.block;

/** Which key class a block is encrypted under (bit 1 of the block's flags byte). */
public enum BlockKind {
    /** File content chunks, under the block key and nonce key. */
    DATA,
    /** Directory-tree blocks, under the tree key. */
    TREE
}
