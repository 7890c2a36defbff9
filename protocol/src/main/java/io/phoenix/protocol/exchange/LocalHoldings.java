package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this node holds of each registered snapshot, by position in the snapshot's block index;
 * updated as blocks are stored so that servers can push {@code Have} to interested clients while
 * a fetch is still running (swarming). Thread-safe.
 *
 * <p>Memory: a snapshot held complete costs one map entry (its CID and entry count), whatever its
 * size, so years of daily snapshots cost kilobytes. Only snapshots being fetched have
 * per-position state, and that is a {@link PositionSet} (memory-mapped in the daemon) and the
 * fetch's {@link SnapshotIndex}, never an object per block.
 */
public final class LocalHoldings {
    /** Told (outside any lock) when this node's holdings of a snapshot change. */
    public interface Listener {
        /** Entry {@code position} of {@code manifest} became held. */
        void acquired(Cid manifest, long position);

        /** {@code manifest} became held complete. */
        default void completed(Cid manifest) {}
    }

    /** What is held of one snapshot: {@code held} of its {@code total} entries. */
    public record View(Cid manifest, long total, boolean complete, long held) {}

    private record Partial(SnapshotIndex index, PositionSet held) {}

    private record Filled(Cid manifest, long position) {}

    /** Snapshots held complete: CID → entry count. */
    private final Map<Cid, Long> complete = new HashMap<>();
    private final Map<Cid, Partial> partial = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Records a snapshot as held complete, with its entry count; drops any partial state of it. */
    public void registerComplete(Cid manifest, long total) {
        Partial old;
        boolean news;
        synchronized (this) {
            news = complete.put(manifest, total) == null;
            old = partial.remove(manifest);
            if (old != null) old.held().close();
        }
        if (news) for (Listener l : listeners) l.completed(manifest);
    }

    /**
     * Registers a snapshot being fetched: its index and which positions are held ({@code held},
     * owned from now on by this object until {@link #unregisterPartial}). False (and {@code held}
     * closed) when the snapshot is already held complete. Replaces an earlier partial registration.
     */
    public synchronized boolean registerPartial(Cid manifest, SnapshotIndex index, PositionSet held) {
        if (complete.containsKey(manifest)) {
            held.close();
            return false;
        }
        Partial old = partial.put(manifest, new Partial(index, held));
        if (old != null) old.held().close();
        return true;
    }

    /** Ends the partial registration made with {@code held} (a later one is left alone) and frees it. */
    public synchronized void unregisterPartial(Cid manifest, PositionSet held) {
        Partial p = partial.get(manifest);
        if (p != null && p.held() == held) {
            partial.remove(manifest);
            held.close();
        }
    }

    public synchronized boolean isComplete(Cid manifest) {
        return complete.containsKey(manifest);
    }

    /** How many snapshots are being fetched (have per-position state). */
    public synchronized int partialCount() {
        return partial.size();
    }

    public synchronized int completeCount() {
        return complete.size();
    }

    public synchronized View view(Cid manifest) {
        Long total = complete.get(manifest);
        if (total != null) return new View(manifest, total, true, total);
        Partial p = partial.get(manifest);
        if (p == null) return new View(manifest, 0, false, 0);
        long held = p.held().count();
        return new View(manifest, p.index().total(), held == p.index().total(), held);
    }

    /**
     * Holdings frame number {@code window} (from 0) for {@code manifest}, or null after the last:
     * one {@code complete} frame for a snapshot held complete (or whose every entry is held), one
     * {@code total = 0} frame for an unknown one, else the bitmap in windows of at most
     * {@link ExchangeLimits#MAX_BITMAP_BYTES}. Each window is read when asked for, so a server
     * holds at most one window per stream.
     */
    public synchronized byte[] holdingsFrame(Cid manifest, long window) {
        Long total = complete.get(manifest);
        Partial p = partial.get(manifest);
        if (total == null && p != null && p.held().count() == p.index().total()) total = p.index().total();
        if (total != null) return window == 0 ? ExchangeCodec.holdings(manifest, total, true) : null;
        if (p == null) return window == 0 ? ExchangeCodec.holdings(manifest, 0, false) : null;
        long entries = p.index().total();
        long bytes = (entries + 7) / 8;
        long first = window * ExchangeLimits.MAX_BITMAP_BYTES;
        if (first >= bytes) return null;
        byte[] bitmap = new byte[(int) Math.min(ExchangeLimits.MAX_BITMAP_BYTES, bytes - first)];
        p.held().copyBitmap(first, bitmap);
        return ExchangeCodec.holdingsWindow(manifest, entries, first * 8, bitmap);
    }

    /** Records that entry {@code position} of {@code manifest} is now stored; notifies listeners once per position. */
    public void stored(Cid manifest, long position) {
        synchronized (this) {
            Partial p = partial.get(manifest);
            if (p == null || !p.held().add(position)) return;
        }
        for (Listener l : listeners) l.acquired(manifest, position);
    }

    /**
     * Records that {@code cid} is now stored (by anything: a loose fetch, another snapshot's fetch):
     * each snapshot being fetched looks it up in its index (a binary search) and marks it.
     */
    public void stored(Cid cid) {
        List<Filled> filled = new ArrayList<>(1);
        synchronized (this) {
            for (var e : partial.entrySet()) {
                long at = e.getValue().index().position(cid);
                if (at >= 0 && e.getValue().held().add(at)) filled.add(new Filled(e.getKey(), at));
            }
        }
        for (Filled f : filled) for (Listener l : listeners) l.acquired(f.manifest(), f.position());
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }
}
