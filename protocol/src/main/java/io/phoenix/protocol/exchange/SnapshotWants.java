package io.phoenix.protocol.exchange;

import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Turns a snapshot's block index (its {@link IndexPage}s, in manifest order) into the
 * {@link FetchScheduler.Wanted} list that {@link BlockExchange#fetch} takes, with the swarm's
 * fetch order: newest snapshot first ({@code rank} 0 = newest), and within a snapshot by layer
 * ({@link #STRUCTURE} (tree blocks) before {@link #MIND}, {@link #BODY}, {@link #SPIRIT}).
 *
 * <p>The index itself does not say which layer a block belongs to (storage sites cannot read the
 * trees); {@code layerOf} supplies it where known (a full site walking the trees), else every
 * block gets {@link #UNKNOWN} and index order decides within the snapshot.
 */
public final class SnapshotWants {
    public static final int STRUCTURE = 0;
    public static final int MIND = 1;
    public static final int BODY = 2;
    public static final int SPIRIT = 3;
    public static final int UNKNOWN = 4;
    /** Priority slots per snapshot rank. */
    public static final int LAYER_SLOTS = 8;

    private SnapshotWants() {}

    /** Priority of a block of the snapshot of {@code rank} (0 = newest) in {@code layer}. */
    public static long priority(int rank, int layer) {
        if (rank < 0 || layer < 0 || layer >= LAYER_SLOTS) throw new IllegalArgumentException("rank " + rank + ", layer " + layer);
        return (long) rank * LAYER_SLOTS + layer;
    }

    /**
     * Every distinct block of the index, in index order, with its priority; {@code sizeHint} is
     * the expected block size (≤ 0 = unknown).
     */
    public static List<FetchScheduler.Wanted> of(int rank, List<IndexPage> pages, ToIntFunction<Cid> layerOf, long sizeHint) {
        List<FetchScheduler.Wanted> out = new ArrayList<>();
        Set<Cid> seen = new HashSet<>();
        for (IndexPage page : pages) {
            for (Cid c : page.blocks()) {
                if (seen.add(c)) out.add(new FetchScheduler.Wanted(c, priority(rank, layerOf.applyAsInt(c)), sizeHint));
            }
        }
        return out;
    }

    /** Same, with no layer information. */
    public static List<FetchScheduler.Wanted> of(int rank, List<IndexPage> pages) {
        return of(rank, pages, c -> UNKNOWN, 0);
    }
}
