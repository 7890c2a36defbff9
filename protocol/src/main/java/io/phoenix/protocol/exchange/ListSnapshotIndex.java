package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link SnapshotIndex} in the heap (loose blocks, tests): a list and a map of first positions. */
final class ListSnapshotIndex implements SnapshotIndex {
    private final List<Cid> cids;
    private final Map<Cid, Long> positions = new HashMap<>();

    ListSnapshotIndex(List<Cid> cids) {
        this.cids = List.copyOf(cids);
        for (int i = 0; i < this.cids.size(); i++) positions.putIfAbsent(this.cids.get(i), (long) i);
    }

    @Override
    public long total() {
        return cids.size();
    }

    @Override
    public Cid cid(long position) {
        return cids.get(Math.toIntExact(position));
    }

    @Override
    public long position(Cid cid) {
        return positions.getOrDefault(cid, -1L);
    }

    @Override
    public boolean searchable() {
        return true;
    }

    @Override
    public void close() {
        // nothing to free
    }
}
