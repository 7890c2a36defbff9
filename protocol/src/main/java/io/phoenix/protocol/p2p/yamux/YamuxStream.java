package io.phoenix.protocol.p2p.yamux;

import io.phoenix.protocol.time.Monitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * One yamux stream. Received data goes into a ring buffer bounded by the receive window (the
 * session's reader never blocks on it); reading credits the window back with WindowUpdate frames
 * once half of it is consumed. Writing blocks while the send window is zero. FIN = half-close,
 * RST = abort. Readers and writers wait on a {@link io.phoenix.protocol.time.Monitor} of the session's scheduler.
 */
public final class YamuxStream {
    private final YamuxSession session;
    private final int id;
    /** While waiting, how often to look whether the session closed without telling this stream. */
    private static final long CLOSED_CHECK_NANOS = Duration.ofSeconds(1).toNanos();
    private final Monitor lock;
    private final int window;
    private byte[] ring = new byte[0];
    private int head;
    private int size;
    private long recvWindow;
    private long unacked;
    private long sendWindow = YamuxConfig.INITIAL_WINDOW;
    private boolean remoteFin;
    private boolean localFin;
    private boolean userClosed;
    private String resetReason;
    private final Input input = new Input();
    private final Output output = new Output();

    YamuxStream(YamuxSession session, int id, int window) {
        this.session = session;
        this.lock = session.newMonitor();
        this.id = id;
        this.window = window;
        this.recvWindow = window;
    }

    public int id() {
        return id;
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    /** Bytes received and not yet read. */
    public int buffered() {
        return input.available();
    }

    /** Extra window granted beyond the spec's initial 256 KiB, sent with SYN or ACK. */
    int initialGrant() {
        return window - YamuxConfig.INITIAL_WINDOW;
    }

    // ---- called by the session's reader -------------------------------------------------------

    /** Accepts {@code n} payload bytes; false when they exceed the receive window (protocol error). */
    boolean onData(byte[] src, int off, int n) {
        long credit = 0;
        lock.lock();
        try {
            if (n > recvWindow) return false;
            recvWindow -= n;
            if (resetReason != null || userClosed) {
                credit = grant(n); // nobody will read it: discard and keep the sender moving
            } else {
                ensureCapacity(size + n);
                int tail = (head + size) % ring.length;
                int first = Math.min(n, ring.length - tail);
                System.arraycopy(src, off, ring, tail, first);
                System.arraycopy(src, off + first, ring, 0, n - first);
                size += n;
                lock.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (credit > 0) session.sendControl(YamuxHeader.WINDOW_UPDATE, 0, id, credit);
        return true;
    }

    void onWindowUpdate(long delta) {
        lock.lock();
        try {
            if (sendWindow + delta > (1L << 32)) throw new YamuxException("send window overflow on stream " + id);
            sendWindow += delta;
            lock.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onFin() {
        lock.lock();
        try {
            remoteFin = true;
            lock.signalAll();
        } finally {
            lock.unlock();
        }
        maybeRelease();
    }

    void onReset(String reason) {
        lock.lock();
        try {
            if (resetReason == null && !(remoteFin && localFin)) resetReason = reason;
            lock.signalAll();
        } finally {
            lock.unlock();
        }
        session.release(this);
    }

    // ---- user side ----------------------------------------------------------------------------

    /** Half-closes: sends FIN; reading continues. Idempotent. */
    public void closeWrite() {
        lock.lock();
        try {
            if (localFin || resetReason != null) return;
            localFin = true;
        } finally {
            lock.unlock();
        }
        session.sendControl(YamuxHeader.WINDOW_UPDATE, YamuxHeader.FIN, id, 0);
        maybeRelease();
    }

    /** Aborts both directions with RST. Idempotent. */
    public void reset() {
        boolean send;
        lock.lock();
        try {
            send = resetReason == null && !(localFin && remoteFin);
            if (resetReason == null) resetReason = "stream reset locally";
            lock.signalAll();
        } finally {
            lock.unlock();
        }
        if (send) session.sendControl(YamuxHeader.WINDOW_UPDATE, YamuxHeader.RST, id, 0);
        session.release(this);
    }

    /** closeWrite, discard further input, and reset if the remote has not closed within the timeout. */
    public void close() {
        long credit;
        lock.lock();
        try {
            userClosed = true;
            credit = grant(size);
            size = 0;
        } finally {
            lock.unlock();
        }
        if (credit > 0) session.sendControl(YamuxHeader.WINDOW_UPDATE, 0, id, credit);
        closeWrite();
        if (!released()) session.scheduleCloseTimeout(this);
    }

    boolean released() {
        lock.lock();
        try {
            return resetReason != null || (localFin && remoteFin);
        } finally {
            lock.unlock();
        }
    }

    void closeTimedOut() {
        if (!released()) reset();
    }

    private void maybeRelease() {
        if (released()) session.release(this);
    }

    /** Bytes consumed by the reader are granted back once half a window is pending; returns the delta to send. */
    private long grant(long consumed) {
        unacked += consumed;
        if (unacked >= window / 2 || (userClosed && unacked > 0)) {
            long d = unacked;
            unacked = 0;
            recvWindow += d;
            return d;
        }
        return 0;
    }

    private void ensureCapacity(int need) {
        if (need <= ring.length) return;
        int cap = Math.max(Math.min(window, 64 * 1024), ring.length);
        while (cap < need) cap *= 2;
        byte[] bigger = new byte[Math.min(cap, Math.max(window, need))];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, size - first);
        ring = bigger;
        head = 0;
    }

    private void await() throws IOException {
        try {
            if (lock.awaitNanos(CLOSED_CHECK_NANOS) <= 0 && session.isClosed() && resetReason == null) {
                resetReason = "connection closed";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted on yamux stream " + id);
        }
    }

    void onSessionClosed() {
        lock.lock();
        try {
            if (resetReason == null) resetReason = "connection closed";
            lock.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            long credit;
            int n;
            lock.lock();
            try {
                while (size == 0 || resetReason != null) {
                    if (resetReason != null) throw new StreamResetException("yamux stream " + id + ": " + resetReason);
                    if (remoteFin || userClosed) return -1;
                    await();
                }
                n = Math.min(len, size);
                int first = Math.min(n, ring.length - head);
                System.arraycopy(ring, head, b, off, first);
                System.arraycopy(ring, 0, b, off + first, n - first);
                head = (head + n) % ring.length;
                size -= n;
                credit = grant(n);
            } finally {
                lock.unlock();
            }
            if (credit > 0) session.sendControl(YamuxHeader.WINDOW_UPDATE, 0, id, credit);
            return n;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            YamuxStream.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n;
                lock.lock();
                try {
                    while (true) {
                        if (resetReason != null) throw new StreamResetException("yamux stream " + id + ": " + resetReason);
                        if (localFin) throw new IOException("yamux stream " + id + " is closed for writing");
                        if (sendWindow > 0) break;
                        await();
                    }
                    n = (int) Math.min(Math.min(len, sendWindow), YamuxSession.MAX_DATA_FRAME);
                    sendWindow -= n;
                } finally {
                    lock.unlock();
                }
                session.writeData(id, b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() {
            closeWrite();
        }
    }
}
