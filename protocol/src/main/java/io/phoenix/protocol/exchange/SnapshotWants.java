package io.phoenix.protocol.exchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link WantSource}s of a snapshot fetch, with the swarm's fetch order: newest snapshot first
 * ({@code rank} 0 = newest), and within a snapshot by layer ({@link #STRUCTURE} (tree blocks)
 * before {@link #MIND}, {@link #BODY}, {@link #SPIRIT}).
 *
 * <p>The index itself does not say which layer a block belongs to (storage sites cannot read the
 * trees): a full site walks the layers' trees (node.replication.LayeredWants) and then takes the
 * index in order for whatever the walk did not reach; elsewhere every block gets {@link #UNKNOWN}
 * and index order decides. Sources never hold more than one entry: the fetch skips what is stored
 * or already wanted.
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

    /** Every entry of {@code index} in index order, each of {@code layer} ({@code sizeHint} ≤ 0: unknown). */
    public static WantSource inIndexOrder(SnapshotIndex index, int rank, int layer, long sizeHint) {
        long priority = priority(rank, layer);
        return new WantSource() {
            private long next;

            @Override
            public Wanted poll() {
                if (next >= index.total()) return null;
                long p = next++;
                return new Wanted(index.cid(p), p, priority, sizeHint);
            }

            @Override
            public boolean exhausted() {
                return next >= index.total();
            }
        };
    }

    /** Every entry of {@code index} in index order, layer {@link #UNKNOWN}, rank 0. */
    public static WantSource inIndexOrder(SnapshotIndex index) {
        return inIndexOrder(index, 0, UNKNOWN, 0);
    }

    /** A source over a list already in the heap (loose blocks, tests). */
    public static WantSource of(List<Wanted> wanted) {
        List<Wanted> list = new ArrayList<>(wanted);
        return new WantSource() {
            private int next;

            @Override
            public Wanted poll() {
                return next < list.size() ? list.get(next++) : null;
            }

            @Override
            public boolean exhausted() {
                return next >= list.size();
            }
        };
    }

    /** {@code first}, then {@code second} once {@code first} is exhausted. */
    public static WantSource concat(WantSource first, WantSource second) {
        return new WantSource() {
            @Override
            public Wanted poll() throws IOException {
                Wanted w = first.poll();
                if (w != null || !first.exhausted()) return w;
                return second.poll();
            }

            @Override
            public boolean exhausted() {
                return first.exhausted() && second.exhausted();
            }

            @Override
            public void onReady(Runnable ready) {
                first.onReady(ready);
                second.onReady(ready);
            }

            @Override
            public void close() {
                try {
                    first.close();
                } finally {
                    second.close();
                }
            }
        };
    }
}
