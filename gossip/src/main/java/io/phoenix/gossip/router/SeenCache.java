package io.phoenix.gossip.router;

import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ids of messages seen in the last {@code ttl} milliseconds (time-ordered, expired at each heartbeat). */
final class SeenCache {
    private final long ttlMillis;
    private final LinkedHashMap<ByteString, Long> seen = new LinkedHashMap<>();

    SeenCache(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /** Records {@code id}; false when it was already seen. */
    boolean add(ByteString id, long now) {
        return seen.putIfAbsent(id, now) == null;
    }

    boolean contains(ByteString id) {
        return seen.containsKey(id);
    }

    void expire(long now) {
        Iterator<Map.Entry<ByteString, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() + ttlMillis > now) break;
            it.remove();
        }
    }

    int size() {
        return seen.size();
    }
}
