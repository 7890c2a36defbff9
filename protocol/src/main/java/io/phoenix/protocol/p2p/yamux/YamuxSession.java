package io.phoenix.protocol.p2p.yamux;

import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.noise.NoiseOutputStream;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A yamux session over a secured byte stream. One reader thread parses frames and routes them; it
 * never blocks on a stream or on the write lock (control frames it must send are queued and
 * written by whoever holds the lock next), so two peers writing to each other cannot deadlock.
 * Data writes serialise on one lock; a data frame is sized to fit one Noise frame with its header.
 * Threads, timers (keep-alive, stream close timeouts) and the ping round-trip time come from the
 * {@link Scheduler} given at construction; a stream's reader and writer wait on a {@link Monitor} of it.
 */
public final class YamuxSession implements Closeable {
    /** 65519 (Noise plaintext max) - 12 (header): one yamux data frame = one Noise frame. */
    public static final int MAX_DATA_FRAME = 65507;
    private static final int MAX_CONTROL_QUEUE = 4096;
    /** How long {@link #close()} waits for a writer to release the write lock before it closes without GoAway. */
    private static final Duration GO_AWAY_WAIT = Duration.ofMillis(200);

    private final boolean client;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final YamuxConfig config;
    private final Consumer<YamuxStream> onInbound;
    private final Scheduler scheduler;
    private final Map<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayDeque<long[]> controlQueue = new ArrayDeque<>();
    private final byte[] header = new byte[YamuxHeader.SIZE];
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> closeListeners = new ArrayList<>();
    private volatile boolean goAwayReceived;
    private volatile String closeReason;
    private int nextId;
    private long pingOutstanding = -1;
    private long pingCounter;
    private volatile long lastRttNanos = -1;
    private long pingSentAt;
    private volatile Task keepAlive;

    public YamuxSession(boolean client, InputStream in, OutputStream out, Closeable transport, YamuxConfig config,
                        Consumer<YamuxStream> onInbound, Scheduler scheduler) {
        this.client = client;
        this.in = in;
        this.out = out;
        this.transport = transport;
        this.config = config;
        this.onInbound = onInbound;
        this.scheduler = scheduler;
        this.nextId = client ? 1 : 2;
    }

    /** Starts the reader on a thread of the scheduler, and the keep-alive pings. */
    public void start() {
        scheduler.start("yamux-reader-" + (client ? "c" : "s"), this::readLoop);
        keepAlive = scheduler.scheduleWithFixedDelay(config.keepAlive(), config.keepAlive(), this::keepAliveTick);
        if (closed.get()) keepAlive.cancel(); // closed before the timer was set
    }

    Monitor newMonitor() {
        return scheduler.newMonitor();
    }

    public void onClose(Runnable r) {
        synchronized (closeListeners) {
            if (!closed.get()) {
                closeListeners.add(r);
                return;
            }
        }
        r.run();
    }

    public boolean isClosed() {
        return closed.get();
    }

    public String closeReason() {
        return closeReason;
    }

    public int streamCount() {
        return streams.size();
    }

    /** Round-trip time of the last answered keep-alive ping, or -1. */
    public long lastRttNanos() {
        return lastRttNanos;
    }

    /** Opens an outbound stream (WindowUpdate SYN). */
    public YamuxStream openStream() throws IOException {
        YamuxStream s;
        writeLock.lock(); // ids go out in increasing order: allocate and send the SYN under the write lock
        try {
            synchronized (this) {
                if (closed.get()) throw new P2pException("connection closed: " + closeReason, true);
                if (goAwayReceived) throw new P2pException("remote sent GoAway; open a new connection", true);
                if (streams.size() >= config.maxStreams()) throw new P2pException("too many streams on this connection (" + config.maxStreams() + ")", true);
                if (nextId < 0) throw new P2pException("stream ids exhausted", true);
                s = new YamuxStream(this, nextId, config.receiveWindow());
                nextId += 2;
                streams.put(s.id(), s);
            }
            writeFrame(YamuxHeader.WINDOW_UPDATE, YamuxHeader.SYN, s.id(), s.initialGrant(), null, 0, 0);
        } finally {
            writeLock.unlock();
        }
        flushQueuedControl();
        return s;
    }

    // ---- writing ------------------------------------------------------------------------------

    void writeData(int id, byte[] b, int off, int n) throws IOException {
        writeFrame(YamuxHeader.DATA, 0, id, n, b, off, n);
    }

    private void writeFrame(int type, int flags, int id, long length, byte[] payload, int off, int n) throws IOException {
        writeLock.lock();
        try {
            if (closed.get()) throw new StreamResetException("connection closed: " + closeReason);
            drainControlLocked();
            YamuxHeader.encode(type, flags, id, length, header, 0);
            if (out instanceof NoiseOutputStream noise && YamuxHeader.SIZE + n <= NoiseOutputStream.MAX_PLAINTEXT) {
                noise.writeFrame(header, YamuxHeader.SIZE, payload, off, n); // encrypts from the caller's array
            } else {
                out.write(header, 0, YamuxHeader.SIZE);
                if (n > 0) out.write(payload, off, n);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            close("write failed: " + e.getMessage());
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            writeLock.unlock();
        }
        flushQueuedControl();
    }

    /** Queues a control frame and writes it now if the lock is free; never blocks. */
    void sendControl(int type, int flags, int id, long length) {
        if (closed.get()) return;
        synchronized (controlQueue) {
            if (controlQueue.size() >= MAX_CONTROL_QUEUE) {
                scheduler.start("yamux-close", () -> close("control frame backlog exceeded"));
                return;
            }
            controlQueue.add(new long[] {type, flags, id, length});
        }
        flushQueuedControl();
    }

    private void flushQueuedControl() {
        while (!closed.get()) {
            synchronized (controlQueue) {
                if (controlQueue.isEmpty()) return;
            }
            if (!writeLock.tryLock()) return; // the holder drains the queue before releasing
            try {
                drainControlLocked();
                out.flush();
            } catch (IOException e) {
                close("write failed: " + e.getMessage());
                return;
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void drainControlLocked() throws IOException {
        while (true) {
            long[] f;
            synchronized (controlQueue) {
                f = controlQueue.poll();
            }
            if (f == null) return;
            YamuxHeader.encode((int) f[0], (int) f[1], (int) f[2], f[3], header, 0);
            out.write(header, 0, YamuxHeader.SIZE);
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    private void readLoop() {
        byte[] hdr = new byte[YamuxHeader.SIZE];
        byte[] buf = new byte[MAX_DATA_FRAME + 64];
        try {
            while (!closed.get()) {
                int got = in.readNBytes(hdr, 0, YamuxHeader.SIZE);
                if (got == 0) {
                    close("remote closed the connection");
                    return;
                }
                if (got < YamuxHeader.SIZE) throw new EOFException("truncated yamux header");
                handle(YamuxHeader.decode(hdr, 0), buf);
            }
        } catch (YamuxException e) {
            sendGoAwayBestEffort(YamuxHeader.PROTOCOL_ERROR);
            close("protocol error: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            close("read failed: " + e);
        }
    }

    private void handle(YamuxHeader h, byte[] buf) throws IOException {
        switch (h.type()) {
            case YamuxHeader.PING -> {
                if (h.streamId() != 0) throw new YamuxException("ping on stream " + h.streamId());
                if (h.has(YamuxHeader.SYN)) sendControl(YamuxHeader.PING, YamuxHeader.ACK, 0, h.length());
                else if (h.has(YamuxHeader.ACK)) onPingAck(h.length());
            }
            case YamuxHeader.GO_AWAY -> goAwayReceived = true;
            case YamuxHeader.WINDOW_UPDATE, YamuxHeader.DATA -> {
                YamuxStream s = streamFor(h);
                if (h.type() == YamuxHeader.DATA) {
                    if (h.length() > YamuxConfig.MAX_WINDOW) throw new YamuxException("data frame of " + h.length() + " bytes");
                    long left = h.length();
                    while (left > 0) {
                        int n = (int) Math.min(left, buf.length);
                        if (in.readNBytes(buf, 0, n) != n) throw new EOFException("truncated yamux data frame");
                        if (s != null && !s.onData(buf, 0, n)) throw new YamuxException("stream " + h.streamId() + " exceeded its receive window");
                        left -= n;
                    }
                } else if (s != null && h.length() > 0) {
                    s.onWindowUpdate(h.length());
                }
                if (s != null) {
                    if (h.has(YamuxHeader.FIN)) s.onFin();
                    if (h.has(YamuxHeader.RST)) s.onReset("stream reset by remote");
                }
            }
            default -> throw new YamuxException("unknown frame type " + h.type());
        }
    }

    /** The stream a Data/WindowUpdate frame belongs to; opens inbound streams on SYN; null = unknown (ignored). */
    private YamuxStream streamFor(YamuxHeader h) {
        int id = h.streamId();
        if (!h.has(YamuxHeader.SYN)) return id == 0 ? null : streams.get(id);
        boolean remoteParity = (id & 1) == (client ? 0 : 1);
        if (id == 0 || !remoteParity) throw new YamuxException("SYN with invalid stream id " + id);
        if (streams.containsKey(id)) throw new YamuxException("SYN for stream " + id + " which is already open");
        YamuxStream s = new YamuxStream(this, id, config.receiveWindow());
        if (goAwayReceived || streams.size() >= config.maxStreams()) {
            sendControl(YamuxHeader.WINDOW_UPDATE, YamuxHeader.RST, id, 0);
            return null;
        }
        streams.put(id, s);
        sendControl(YamuxHeader.WINDOW_UPDATE, YamuxHeader.ACK, id, s.initialGrant());
        onInbound.accept(s);
        return s;
    }

    private synchronized void onPingAck(long opaque) {
        if (opaque == pingOutstanding) {
            lastRttNanos = scheduler.nanoTime() - pingSentAt;
            pingOutstanding = -1;
        }
    }

    private void keepAliveTick() {
        synchronized (this) {
            if (pingOutstanding >= 0) {
                scheduler.start("yamux-close", () -> close("keep-alive ping not answered within " + config.keepAlive()));
                return;
            }
            pingOutstanding = ++pingCounter & 0xFFFFFFFFL;
            pingSentAt = scheduler.nanoTime();
        }
        sendControl(YamuxHeader.PING, YamuxHeader.SYN, 0, pingOutstanding);
    }

    void release(YamuxStream s) {
        streams.remove(s.id(), s);
    }

    void scheduleCloseTimeout(YamuxStream s) {
        if (closed.get()) return;
        scheduler.schedule(config.closeTimeout(), s::closeTimedOut);
    }

    private void sendGoAwayBestEffort(int code) {
        sendControl(YamuxHeader.GO_AWAY, 0, 0, code);
    }

    /** Sends GoAway(0) and closes the connection; every open stream is reset. */
    @Override
    public void close() {
        if (closed.get()) return;
        try {
            if (lockForGoAway()) {
                try {
                    drainControlLocked();
                    YamuxHeader.encode(YamuxHeader.GO_AWAY, 0, 0, YamuxHeader.NORMAL, header, 0);
                    out.write(header, 0, YamuxHeader.SIZE);
                    out.flush();
                } catch (IOException e) {
                    // closing anyway
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close("closed locally");
    }

    /** Takes the write lock, waiting at most {@link #GO_AWAY_WAIT} on the scheduler's clock for a writer to finish. */
    private boolean lockForGoAway() throws InterruptedException {
        long deadline = scheduler.nanoTime() + GO_AWAY_WAIT.toNanos();
        while (!writeLock.tryLock()) {
            if (scheduler.nanoTime() - deadline >= 0) return false;
            scheduler.sleep(Duration.ofMillis(1));
        }
        return true;
    }

    private void close(String reason) {
        if (!closed.compareAndSet(false, true)) return;
        closeReason = reason;
        Task k = keepAlive;
        if (k != null) k.cancel();
        try {
            transport.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (YamuxStream s : streams.values()) s.onSessionClosed();
        streams.clear();
        List<Runnable> ls;
        synchronized (closeListeners) {
            ls = List.copyOf(closeListeners);
            closeListeners.clear();
        }
        for (Runnable r : ls) r.run();
    }
}
