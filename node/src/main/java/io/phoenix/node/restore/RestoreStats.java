package io.phoenix.node.restore;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a restore (or verify). */
public final class RestoreStats {
    public final AtomicLong files = new AtomicLong();
    public final AtomicLong directories = new AtomicLong();
    public final AtomicLong symlinks = new AtomicLong();
    /** Plaintext bytes written (restore) or checked (verify). */
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong blocks = new AtomicLong();
}
