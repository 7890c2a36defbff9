package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this node holds of each registered snapshot, by position in the snapshot's block index;
 * updated as blocks are stored so that servers can push {@code Have} to interested clients while
 * a fetch is still running (swarming). Thread-safe.
 */
public final class LocalHoldings {
    /** Told (outside any lock) when entry {@code index} of {@code manifest} became held. */
    public interface Listener {
        void acquired(Cid manifest, long index);
    }

    /** A copy of what is held of one snapshot. */
    public record View(Cid manifest, long total, boolean complete, BitSet held) {}

    private record Position(Cid manifest, int index) {}

    private static final class Snapshot {
        final List<Cid> index;
        final BitSet held;

        Snapshot(List<Cid> index, BitSet held) {
            this.index = index;
            this.held = held;
        }
    }

    private final Map<Cid, Snapshot> snapshots = new HashMap<>();
    private final Map<Cid, List<Position>> positions = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Registers a snapshot's block index and which of its entries are already held. */
    public synchronized void register(Cid manifest, List<Cid> index, BitSet held) {
        if (snapshots.containsKey(manifest)) return;
        snapshots.put(manifest, new Snapshot(List.copyOf(index), (BitSet) held.clone()));
        for (int i = 0; i < index.size(); i++) {
            positions.computeIfAbsent(index.get(i), k -> new ArrayList<>(1)).add(new Position(manifest, i));
        }
    }

    public synchronized View view(Cid manifest) {
        Snapshot s = snapshots.get(manifest);
        if (s == null) return new View(manifest, 0, false, new BitSet());
        return new View(manifest, s.index.size(), s.held.cardinality() == s.index.size(), (BitSet) s.held.clone());
    }

    /** The index of a registered snapshot, or null. */
    public synchronized List<Cid> index(Cid manifest) {
        Snapshot s = snapshots.get(manifest);
        return s == null ? null : s.index;
    }

    /** Records that {@code cid} is now stored; notifies listeners of every entry it fills. */
    public void stored(Cid cid) {
        List<Position> filled = new ArrayList<>();
        synchronized (this) {
            List<Position> at = positions.get(cid);
            if (at == null) return;
            for (Position p : at) {
                BitSet held = snapshots.get(p.manifest()).held;
                if (!held.get(p.index())) {
                    held.set(p.index());
                    filled.add(p);
                }
            }
        }
        for (Position p : filled) for (Listener l : listeners) l.acquired(p.manifest(), p.index());
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }
}
