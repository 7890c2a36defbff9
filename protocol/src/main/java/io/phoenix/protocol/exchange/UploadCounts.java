package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often this node uploaded each recently uploaded block, when first, and how big the block
 * is (bounded memory; the least recently uploaded are forgotten). Thread-safe.
 */
public final class UploadCounts {
    private static final class Upload {
        int count;
        long bytes;
        long firstNanos;
    }

    private final Map<Cid, Upload> uploads;

    /** @param memory how many distinct CIDs to remember */
    public UploadCounts(int memory) {
        this.uploads = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Cid, Upload> eldest) {
                return size() > memory;
            }
        };
    }

    /** Records one more upload of {@code cid} ({@code bytes} long, ≤ 0 when not known yet) at {@code nowNanos}. */
    public synchronized void add(Cid cid, long bytes, long nowNanos) {
        Upload u = uploads.computeIfAbsent(cid, k -> new Upload());
        if (u.count++ == 0) u.firstNanos = nowNanos;
        if (bytes > 0) u.bytes = bytes;
    }

    /** Records the size of an uploaded block once it is known (e.g. after reading it). */
    public synchronized void size(Cid cid, long bytes) {
        Upload u = uploads.get(cid);
        if (u != null && bytes > 0) u.bytes = bytes;
    }

    public synchronized int count(Cid cid) {
        Upload u = uploads.get(cid);
        return u == null ? 0 : u.count;
    }

    /** When {@code cid} was first uploaded (nanoseconds), or {@code Long.MIN_VALUE} if it was not. */
    public synchronized long firstUpload(Cid cid) {
        Upload u = uploads.get(cid);
        return u == null || u.count == 0 ? Long.MIN_VALUE : u.firstNanos;
    }

    /** The block's size as last uploaded, or -1. */
    public synchronized long bytes(Cid cid) {
        Upload u = uploads.get(cid);
        return u == null || u.bytes <= 0 ? -1 : u.bytes;
    }
}
