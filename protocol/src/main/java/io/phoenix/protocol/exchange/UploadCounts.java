package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.LinkedHashMap;
import java.util.Map;

/** How often this node uploaded each recently uploaded block (bounded memory). Thread-safe. */
public final class UploadCounts {
    private final Map<Cid, Integer> counts;

    /** @param memory how many distinct CIDs to remember (least recently uploaded are forgotten) */
    public UploadCounts(int memory) {
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Cid, Integer> eldest) {
                return size() > memory;
            }
        };
    }

    public synchronized void add(Cid cid) {
        counts.merge(cid, 1, Integer::sum);
    }

    public synchronized int count(Cid cid) {
        Integer n = counts.get(cid);
        return n == null ? 0 : n;
    }
}
