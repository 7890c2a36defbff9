package io.phoenix.node.snapshot;

import io.phoenix.node.Trace;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.chunk.Chunker;
import io.phoenix.protocol.crypto.BulkCrypto;
import java.util.SplittableRandom;

/**
 * Gets the hot paths of a command ready on a background thread while the home is being unlocked
 * (the passphrase KDF takes a few hundred milliseconds anyway):
 *
 * <ol>
 *   <li>a snapshot's chunker, when C2 may compile it (not under the launcher's C1-only settings,
 *       which set {@code phoenix.c1only}): a few cuts of random data, so that C2 compiles
 *       {@link Chunker#nextBoundary} with both of its loop exits profiled. Without it the first
 *       compilation happens inside the first cut (on-stack replacement), before any boundary was
 *       ever found, so C2 turns "boundary found" into an uncommon trap; the first boundary then
 *       deoptimizes it, and on a busy 2-core machine the recompilation waited up to 2.5 s while
 *       eight reader threads chunked in the interpreter (measured: incremental snapshot 4.0 s
 *       instead of 2.3 s, in about one run in four);</li>
 *   <li>the native AES-GCM ({@link BulkCrypto}), loaded here so the first block does not wait;</li>
 *   <li>only where that is missing: the JDK codec, on small buffers under a throwaway key. The
 *       JDK's AES-GCM reaches its speed only once C2 has compiled the callers of its AES/GHASH
 *       stubs; a command makes one GCM call per 0.5 MiB chunk, too few to get there soon, so
 *       thousands of tiny calls up front make the same callers hot (skipped when
 *       {@code PHOENIX_NO_WARMUP} is set).</li>
 * </ol>
 */
public final class CodecWarmup {
    private static final int ROUNDS = 12_000;
    /**
     * Bytes per JDK warm-up buffer: at least the JDK's {@code GaloisCounterMode.PARALLEL_LEN} (512
     * in JDK 21-25), or GCM takes its short-input path and the large-input one stays cold.
     */
    private static final int SIZE = 1024;
    /** Chunker warm-up cuts (1 in 16 scans up to 1 MiB, the others 256 bytes): ~40 ms in all. */
    private static final int CUTS = 1_200;

    private CodecWarmup() {}

    /** Which half of the codec a command is about to use: a snapshot encodes, restore and verify decode. */
    public enum Direction { ENCODE, DECODE }

    /**
     * Starts the warm-up for {@code direction} on a daemon thread. Only what the command uses: the
     * other half's rounds and the compilations they set off would cost CPU the command needs.
     */
    public static Thread start(Direction direction) {
        Thread t = new Thread(() -> run(direction), "phoenix-warmup");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void run(Direction direction) {
        SplittableRandom r = new SplittableRandom(1);
        // only C2 needs it: the launcher runs commands with C1 alone and says so (-Dphoenix.c1only=true)
        if (direction == Direction.ENCODE && !Boolean.getBoolean("phoenix.c1only")) chunker(r);
        Trace.mark("chunker warm");
        boolean fast = BulkCrypto.awaitNative();
        Trace.mark("native AES-GCM " + (fast ? "loaded" : "unavailable"));
        if (fast) return; // loads the native AES-GCM: the JDK's needs no warming then
        if (System.getenv("PHOENIX_NO_WARMUP") != null) return;
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        BlockCodec codec = new BlockCodec(DataKeys.derive(secret));
        byte[] text = new byte[SIZE];
        byte[] noise = new byte[SIZE];
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

    /**
     * Cuts random data through every path of {@link Chunker#nextBoundary}: long cuts (boundaries
     * found in both loops) and many short ones (small files, a file's last bytes). C2 compiles a
     * whole method only after ~600 calls, and only a whole-method compilation carries the profile
     * of every exit (a path it never saw profiled is an uncommon trap, i.e. a deoptimization);
     * short cuts make the calls cheap.
     */
    private static void chunker(SplittableRandom r) {
        byte[] data = new byte[2 * Chunker.MAX_SIZE];
        r.nextBytes(data);
        int pos = 0;
        for (int i = 0; i < CUTS; i++) {
            int len = switch (i % 16) {
                case 0 -> data.length - pos; // a boundary in either loop, or the 1 MiB cap
                case 1 -> Chunker.MIN_SIZE / 2; // a small file
                case 2 -> Chunker.NORMAL_SIZE + 1024; // the end of a file in the second loop
                default -> Chunker.MIN_SIZE + 256; // the end of a file in the first loop
            };
            pos = (pos + Chunker.nextBoundary(data, pos, len)) % Chunker.MAX_SIZE;
        }
    }
}
