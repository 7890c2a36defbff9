package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plaintext MAC to block CID, for dedup before compression and encryption: a chunk whose keyed MAC
 * is known is not encoded again (encryption is deterministic, so it would give the same block).
 * Filled by this run's chunks and by the previous chunks of files that changed (from the file
 * cache). Bounded: beyond {@code capacity} entries new MACs are not remembered, which costs only
 * re-encoding (the store's {@code has} check still avoids writing a block twice).
 */
public final class MacIndex {
    private record Key(byte[] mac) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.mac, mac);
        }

        @Override
        public int hashCode() {
            return (mac[0] & 0xff) | (mac[1] & 0xff) << 8 | (mac[2] & 0xff) << 16 | (mac[3] & 0xff) << 24;
        }
    }

    private final ConcurrentHashMap<Key, Cid> map = new ConcurrentHashMap<>();
    private final int capacity;

    public MacIndex(int capacity) {
        this.capacity = capacity;
    }

    public Cid get(byte[] mac) {
        return map.get(new Key(mac));
    }

    public void put(byte[] mac, Cid cid) {
        if (map.size() < capacity) map.putIfAbsent(new Key(mac), cid);
    }

    /** Forgets a MAC whose block turned out to be missing from the store. */
    public void remove(byte[] mac) {
        map.remove(new Key(mac));
    }

    public int size() {
        return map.size();
    }
}
