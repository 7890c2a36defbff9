package io.phoenix.node.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Redraws one status line on stderr a few times a second, only on an interactive terminal. */
final class ProgressLine implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final PrintWriter err;

    private ProgressLine(boolean enabled, PrintWriter err, Supplier<String> status) {
        this.err = err;
        if (!enabled) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phoenix-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            synchronized (err) {
                err.print("\r\033[K" + status.get());
                err.flush();
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    static ProgressLine start(boolean enabled, PrintWriter err, Supplier<String> status) {
        return new ProgressLine(enabled, err, status);
    }

    @Override
    public void close() {
        if (timer == null) return;
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (err) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
