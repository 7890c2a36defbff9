package io.phoenix.protocol.p2p.memory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of a {@link MemoryStream}: a bounded ring buffer. A writer blocks while the buffer
 * is full (backpressure, like an exhausted yamux window); a reader blocks while it is empty.
 * {@link #closeWrite()} gives the reader end-of-stream after the buffered bytes, {@link #reset()}
 * fails both sides, {@link #closeRead()} discards what is buffered and whatever is written later.
 */
final class MemoryPipe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final byte[] buffer;
    private int head;
    private int size;
    private boolean writeClosed;
    private boolean readClosed;
    private boolean reset;

    MemoryPipe(int capacity) {
        this.buffer = new byte[capacity];
    }

    void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            while (len > 0) {
                while (size == buffer.length && !reset && !readClosed && !writeClosed) await(writable);
                if (reset) throw new IOException("stream reset");
                if (writeClosed) throw new IOException("stream closed for writing");
                if (readClosed) return; // the remote stopped reading: bytes are discarded
                int n = Math.min(len, buffer.length - size);
                for (int i = 0; i < n; i++) buffer[(head + size + i) % buffer.length] = b[off + i];
                size += n;
                off += n;
                len -= n;
                readable.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        lock.lock();
        try {
            while (size == 0 && !writeClosed && !reset && !readClosed) await(readable);
            if (reset) throw new IOException("stream reset");
            if (size == 0) return -1;
            int n = Math.min(len, size);
            for (int i = 0; i < n; i++) b[off + i] = buffer[(head + i) % buffer.length];
            head = (head + n) % buffer.length;
            size -= n;
            writable.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    int available() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    void closeWrite() {
        signal(() -> writeClosed = true);
    }

    void closeRead() {
        signal(() -> {
            readClosed = true;
            size = 0;
        });
    }

    void reset() {
        signal(() -> reset = true);
    }

    boolean isReset() {
        lock.lock();
        try {
            return reset;
        } finally {
            lock.unlock();
        }
    }

    boolean isFinished() {
        lock.lock();
        try {
            return reset || (writeClosed && size == 0) || readClosed;
        } finally {
            lock.unlock();
        }
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void await(Condition c) throws InterruptedIOException {
        try {
            c.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on a memory stream");
        }
    }
}
