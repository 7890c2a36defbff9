package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} that counts the threads started through it and still running (the host's
 * leak checks and diagnostics); everything else goes to the scheduler it wraps.
 */
final class CountingScheduler implements Scheduler {
    private final Scheduler delegate;
    private final AtomicInteger live = new AtomicInteger();

    CountingScheduler(Scheduler delegate) {
        this.delegate = delegate;
    }

    @Override
    public Task start(String name, Runnable body) {
        live.incrementAndGet(); // counted from the start call, so a check right after sees it
        try {
            return delegate.start(name, () -> {
                try {
                    body.run();
                } finally {
                    live.decrementAndGet();
                }
            });
        } catch (RuntimeException | Error e) {
            live.decrementAndGet();
            throw e;
        }
    }

    int live() {
        return live.get();
    }

    @Override
    public long nanoTime() {
        return delegate.nanoTime();
    }

    @Override
    public Clock clock() {
        return delegate.clock();
    }

    @Override
    public Task schedule(Duration delay, Runnable action) {
        return delegate.schedule(delay, action);
    }

    @Override
    public Task scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable action) {
        return delegate.scheduleWithFixedDelay(initialDelay, delay, action);
    }

    @Override
    public Monitor newMonitor() {
        return delegate.newMonitor();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        delegate.sleep(duration);
    }
}
