package io.phoenix.protocol.time;

/**
 * A thread that a {@link VirtualScheduler} did not start, counted as one of its own until
 * {@link #close()} (see {@link VirtualScheduler#hold()}). Closing twice does nothing.
 */
public final class Hold implements AutoCloseable {
    private final VirtualScheduler scheduler;
    private final Activity activity;
    private boolean released;

    Hold(VirtualScheduler scheduler, Activity activity) {
        this.scheduler = scheduler;
        this.activity = activity;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (released || activity == null) return;
            released = true;
        }
        scheduler.release(activity);
    }
}
