package io.phoenix.node.snapshot;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DataKeys;
import java.util.SplittableRandom;

/**
 * Warms up the block codec's hot paths (HMAC-SHA-256, zstd, AES-GCM, SHA-256) on small buffers
 * under a throwaway key, on a background thread, while the home is being unlocked.
 *
 * <p>Why: the JDK's AES-GCM reaches its ~1 GB/s only when the C2 compiler has compiled the
 * callers of {@code GHASH.processBlocks} and swapped in the CLMUL stub. The engine calls GCM once
 * per 0.5 MiB chunk, so a 1 GiB snapshot makes only ~2,000 calls: too few to trigger C2, and GHASH
 * runs interpreted (measured ~15-30 MB/s instead of ~700+). Thousands of tiny calls up front cost a
 * fraction of a second and make the same callers hot.
 */
public final class CodecWarmup {
    private static final int ROUNDS = 12_000;

    private CodecWarmup() {}

    /** Which half of the codec a command is about to use: a snapshot encodes, restore and verify decode. */
    public enum Direction { ENCODE, DECODE }

    /**
     * Starts warming up {@code direction} on a daemon thread (no-op when {@code PHOENIX_NO_WARMUP}
     * is set). Only the half the command uses: the other half's rounds and the compilations they set
     * off would cost CPU the command needs (2 cores).
     */
    public static Thread start(Direction direction) {
        Thread t = new Thread(() -> run(direction), "phoenix-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        if (System.getenv("PHOENIX_NO_WARMUP") == null) t.start();
        return t;
    }

    static void run(Direction direction) {
        SplittableRandom r = new SplittableRandom(1);
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        BlockCodec codec = new BlockCodec(DataKeys.derive(secret));
        byte[] text = new byte[200];
        byte[] noise = new byte[200];
        for (int i = 0; i < text.length; i++) text[i] = (byte) ('a' + i % 7);
        r.nextBytes(noise);
        if (direction == Direction.DECODE) {
            byte[][] blocks = {codec.encode(BlockKind.DATA, text, 0, text.length).bytes(),
                codec.encode(BlockKind.DATA, noise, 0, noise.length).bytes()}; // one compressed, one stored
            for (int i = 0; i < ROUNDS; i++) codec.openVerified(blocks[i & 1]);
            return;
        }
        for (int i = 0; i < ROUNDS; i++) {
            r.nextBytes(noise);
            byte[] in = (i & 1) == 0 ? text : noise;
            in[0] = (byte) i;
            codec.encode(BlockKind.DATA, in, 0, in.length);
        }
    }
}
