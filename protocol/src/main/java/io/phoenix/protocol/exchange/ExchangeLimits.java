package io.phoenix.protocol.exchange;

/** Hard limits of {@code /phoenix/blocks/1.0.0}; a frame over any of them is a protocol violation. */
public final class ExchangeLimits {
    public static final String PROTOCOL_ID = "/phoenix/blocks/1.0.0";
    public static final int VERSION = 1;
    /** Largest block (an encrypted chunk is at most 1 MiB). */
    public static final int MAX_BLOCK_BYTES = 1 << 20;
    /** Most blocks in one Blocks frame. */
    public static final int MAX_BLOCKS_PER_FRAME = 64;
    /** Most block data bytes in one Blocks frame. */
    public static final int MAX_BLOCK_DATA_PER_FRAME = 4 << 20;
    /** Most CIDs in one Want, DontHave or Cancel frame. */
    public static final int MAX_CIDS_PER_FRAME = 1024;
    /** Most manifests in one Interest frame. */
    public static final int MAX_MANIFESTS_PER_INTEREST = 64;
    /** Most indices in one Have frame. */
    public static final int MAX_HAVE_INDICES = 65_536;
    /** Largest bitmap window in one Holdings frame. */
    public static final int MAX_BITMAP_BYTES = 1 << 20;
    /** Largest frame: a full Blocks frame plus protobuf overhead. */
    public static final int MAX_FRAME_BYTES = MAX_BLOCK_DATA_PER_FRAME + 64 * 1024;
    /** Most CIDs a client may have requested and not yet received from one server. */
    public static final int MAX_OUTSTANDING_PER_PEER = 4096;

    private ExchangeLimits() {}
}
