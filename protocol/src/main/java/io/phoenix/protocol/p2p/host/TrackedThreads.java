package io.phoenix.protocol.p2p.host;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Virtual-thread factory that counts the threads still running (for leak checks and diagnostics). */
final class TrackedThreads implements ThreadFactory {
    private final ThreadFactory delegate;
    private final AtomicInteger live = new AtomicInteger();

    TrackedThreads(String prefix) {
        this.delegate = Thread.ofVirtual().name(prefix, 0).factory();
    }

    @Override
    public Thread newThread(Runnable r) {
        live.incrementAndGet(); // counted from creation: every thread made here is started at once
        return delegate.newThread(() -> {
            try {
                r.run();
            } finally {
                live.decrementAndGet();
            }
        });
    }

    void start(Runnable r) {
        newThread(r).start();
    }

    int live() {
        return live.get();
    }
}
