package io.phoenix.protocol.p2p.memory;

import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * One direction of a {@link MemoryStream}: a bounded ring buffer. A writer blocks while the buffer
 * is full (backpressure, like an exhausted yamux window); a reader blocks while it is empty.
 * {@link #closeWrite()} gives the reader end-of-stream after the buffered bytes, {@link #reset()}
 * fails both sides, {@link #closeRead()} discards what is buffered and whatever is written later.
 * With a latency, written bytes (and the end-of-stream) become readable only that long after the
 * write; the buffer then bounds the bytes in flight, like a window over a long link. Waits go
 * through the scheduler's {@link Monitor} and time is the scheduler's, so a pipe works in virtual
 * time. Readers and writers share the monitor's one condition and re-check on every wake-up.
 */
final class MemoryPipe {
    private final Scheduler scheduler;
    private final Monitor monitor;
    private final byte[] buffer;
    private final long latencyNanos;
    /** With latency: (total bytes written after the write, readable-at nanoTime) per write, oldest first. */
    private final java.util.ArrayDeque<long[]> arrivals = new java.util.ArrayDeque<>();
    private long writtenTotal;
    private long readTotal;
    private long eofAt = Long.MIN_VALUE;
    private int head;
    private int size;
    private boolean writeClosed;
    private boolean readClosed;
    private boolean reset;

    MemoryPipe(Scheduler scheduler, int capacity, long latencyNanos) {
        this.scheduler = scheduler;
        this.monitor = scheduler.newMonitor();
        this.buffer = new byte[capacity];
        this.latencyNanos = latencyNanos;
    }

    /** Bytes the reader may take now; {@code size} without latency. */
    private int arrived() {
        if (latencyNanos == 0) return size;
        long now = scheduler.nanoTime();
        long upTo = readTotal;
        for (long[] a : arrivals) {
            if (a[1] - now > 0) break;
            upTo = a[0];
        }
        return (int) (upTo - readTotal);
    }

    /** Nanos until the next write arrives, or -1 when nothing is on the way. */
    private long nextArrivalIn() {
        long now = scheduler.nanoTime();
        for (long[] a : arrivals) if (a[0] > readTotal && a[1] - now > 0) return a[1] - now;
        return writeClosed && eofAt - now > 0 ? eofAt - now : -1;
    }

    private boolean eofVisible() {
        return writeClosed && (latencyNanos == 0 || scheduler.nanoTime() - eofAt >= 0);
    }

    void write(byte[] b, int off, int len) throws IOException {
        monitor.lock();
        try {
            while (len > 0) {
                while (size == buffer.length && !reset && !readClosed && !writeClosed) await();
                if (reset) throw new IOException("stream reset");
                if (writeClosed) throw new IOException("stream closed for writing");
                if (readClosed) return; // the remote stopped reading: bytes are discarded
                int n = Math.min(len, buffer.length - size);
                for (int i = 0; i < n; i++) buffer[(head + size + i) % buffer.length] = b[off + i];
                size += n;
                writtenTotal += n;
                if (latencyNanos > 0) arrivals.addLast(new long[] {writtenTotal, scheduler.nanoTime() + latencyNanos});
                off += n;
                len -= n;
                monitor.signalAll();
            }
        } finally {
            monitor.unlock();
        }
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        monitor.lock();
        try {
            int ready;
            while ((ready = arrived()) == 0 && !reset && !readClosed && !(size == 0 && eofVisible())) {
                long wait = nextArrivalIn();
                if (wait > 0) awaitNanos(wait);
                else await();
            }
            if (reset) throw new IOException("stream reset");
            if (ready == 0) return -1;
            int n = Math.min(len, ready);
            for (int i = 0; i < n; i++) b[off + i] = buffer[(head + i) % buffer.length];
            head = (head + n) % buffer.length;
            size -= n;
            readTotal += n;
            while (!arrivals.isEmpty() && arrivals.peekFirst()[0] <= readTotal) arrivals.pollFirst();
            monitor.signalAll();
            return n;
        } finally {
            monitor.unlock();
        }
    }

    int available() {
        monitor.lock();
        try {
            return arrived();
        } finally {
            monitor.unlock();
        }
    }

    void closeWrite() {
        signal(() -> {
            if (!writeClosed) eofAt = scheduler.nanoTime() + latencyNanos;
            writeClosed = true;
        });
    }

    void closeRead() {
        signal(() -> {
            readClosed = true;
            size = 0;
            readTotal = writtenTotal;
            arrivals.clear();
        });
    }

    void reset() {
        signal(() -> reset = true);
    }

    boolean isReset() {
        monitor.lock();
        try {
            return reset;
        } finally {
            monitor.unlock();
        }
    }

    private void signal(Runnable change) {
        monitor.lock();
        try {
            change.run();
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    private void awaitNanos(long nanos) throws InterruptedIOException {
        try {
            monitor.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a memory stream");
        }
    }

    private void await() throws InterruptedIOException {
        try {
            monitor.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a memory stream");
        }
    }
}
