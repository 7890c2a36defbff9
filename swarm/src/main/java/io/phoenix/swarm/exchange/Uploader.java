package io.phoenix.swarm.exchange;

import io.phoenix.protocol.exchange.ExchangeLimits;
import io.phoenix.protocol.exchange.ExchangeOptions;
import io.phoenix.protocol.exchange.ServeQueue;
import io.phoenix.protocol.exchange.TokenBucket;
import io.phoenix.protocol.exchange.UploadCounts;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The node's single upload queue across every serving stream ({@link ServeQueue} order), and the
 * thread that decides what goes out next: whenever the global and per-peer token buckets allow a
 * send, it picks one block for one stream, charges the buckets at once (reserving the block's
 * expected size, corrected when the real size is known) and hands the block to that stream's
 * sender. So with a global limit the node sends one block per refill, in one global order, rather
 * than every stream sending at once when the bucket refills. Thread-safe (one {@link Monitor}).
 */
final class Uploader implements AutoCloseable {
    /** A serving stream. {@link #deliver} is called with the uploader's lock held and must not call back. */
    interface Client {
        PeerId peer();

        /** Send {@code cid} now; call {@link Uploader#sent} when done (also when it could not be sent). */
        void deliver(Cid cid, long reservedBytes);
    }

    /**
     * With a node-wide upload limit, at most this many blocks are being written at once across all
     * streams: a receiver that reads slowly must not let the node commit to more blocks than its
     * link carries (each commitment is a decision taken before later Cancels could change it).
     */
    static final int MAX_IN_FLIGHT_THROTTLED = 2;

    private final ServeQueue<Client> queue;
    private final UploadCounts uploads;
    private final TokenBucket global;
    private final long perPeerRate;
    private final long burst;
    private final int batch;
    private final int maxInFlight;
    private int inFlight;
    private final Scheduler scheduler;
    private final Monitor monitor;
    private final Map<PeerId, TokenBucket> peerBuckets = new HashMap<>();
    private final Set<Client> clients = new LinkedHashSet<>();
    private final Map<Client, Integer> handed = new HashMap<>();
    private long typicalBytes = 256 * 1024;
    private Task thread;
    private boolean closed;

    Uploader(ExchangeOptions options, UploadCounts uploads, Scheduler scheduler) {
        this.uploads = uploads;
        this.scheduler = scheduler;
        this.monitor = scheduler.newMonitor();
        this.perPeerRate = options.perPeerUploadBytesPerSecond();
        this.burst = options.burstBytes();
        this.global = options.uploadBytesPerSecond() > 0
                ? new TokenBucket(options.uploadBytesPerSecond(), burst, scheduler.nanoTime()) : null;
        boolean throttled = global != null || perPeerRate > 0;
        // throttled: one block per stream at a time, so that every pick is made as late as possible
        this.batch = throttled ? 1 : 16;
        this.maxInFlight = global != null ? MAX_IN_FLIGHT_THROTTLED : Integer.MAX_VALUE;
        this.queue = new ServeQueue<>(ExchangeLimits.MAX_OUTSTANDING_PER_PEER, uploads, ServeQueue.MAX_HOLD_NANOS);
    }

    void start() {
        monitor.lock();
        try {
            if (thread != null) return;
            thread = scheduler.start("exchange-upload", this::run);
        } finally {
            monitor.unlock();
        }
    }

    /** Queues a client's requests (throws {@link ProtocolViolationException} when it asks for too many). */
    void enqueue(Client c, List<Cid> cids) {
        monitor.lock();
        try {
            clients.add(c);
            queue.enqueue(c, cids);
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    void cancel(Client c, List<Cid> cids) {
        monitor.lock();
        try {
            queue.cancel(c, cids, scheduler.nanoTime());
        } finally {
            monitor.unlock();
        }
    }

    long holdMillis() {
        monitor.lock();
        try {
            return queue.holdNanos() / 1_000_000;
        } finally {
            monitor.unlock();
        }
    }

    void gone(Client c) {
        monitor.lock();
        try {
            queue.clientGone(c);
            clients.remove(c);
            Integer n = handed.remove(c);
            if (n != null) inFlight -= n;
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    void peerDisconnected(PeerId peer) {
        monitor.lock();
        try {
            peerBuckets.remove(peer);
        } finally {
            monitor.unlock();
        }
    }

    /** The block handed to {@code c} went out with {@code actualBytes} (0 = not sent); corrects the reservation. */
    void sent(Client c, Cid cid, long reservedBytes, long actualBytes) {
        monitor.lock();
        try {
            if (handed.containsKey(c)) inFlight--;
            handed.computeIfPresent(c, (k, n) -> n > 1 ? n - 1 : null);
            long now = scheduler.nanoTime();
            long diff = actualBytes - reservedBytes;
            if (diff != 0) {
                if (global != null) global.take(diff, now);
                TokenBucket p = peerBuckets.get(c.peer());
                if (p != null) p.take(diff, now);
            }
            if (actualBytes > 0) {
                uploads.size(cid, actualBytes);
                typicalBytes = actualBytes;
            }
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    @Override
    public void close() {
        monitor.lock();
        try {
            closed = true;
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    private TokenBucket peerBucket(PeerId peer, long now) {
        return perPeerRate <= 0 ? null : peerBuckets.computeIfAbsent(peer, p -> new TokenBucket(perPeerRate, burst, now));
    }

    private long peerDelay(PeerId peer, long now) {
        TokenBucket b = peerBucket(peer, now);
        return b == null ? 0 : b.delayNanos(now);
    }

    private void run() {
        monitor.lock();
        try {
            while (!closed) {
                long now = scheduler.nanoTime();
                if (queue.isEmpty() || inFlight >= maxInFlight) {
                    monitor.await();
                    continue;
                }
                long globalDelay = global == null ? 0 : global.delayNanos(now);
                if (globalDelay > 0) {
                    waitNanos(globalDelay);
                    continue;
                }
                Predicate<Client> ready = c -> handed.getOrDefault(c, 0) < batch && peerDelay(c.peer(), now) == 0;
                Optional<ServeQueue.Job<Client>> job = queue.next(now, ready);
                if (job.isEmpty()) {
                    long wake = queue.nextEligibleNanos(now, ready);
                    for (Client c : clients) {
                        if (queue.queued(c) == 0 || handed.getOrDefault(c, 0) >= batch) continue;
                        long d = peerDelay(c.peer(), now);
                        if (d > 0) wake = Math.min(wake, now + d);
                    }
                    if (wake == Long.MAX_VALUE) monitor.await();
                    else waitNanos(wake - now);
                    continue;
                }
                Client c = job.get().client();
                Cid cid = job.get().cid();
                long reserve = uploads.bytes(cid);
                if (reserve <= 0) reserve = typicalBytes;
                if (global != null) global.take(reserve, now);
                TokenBucket p = peerBucket(c.peer(), now);
                if (p != null) p.take(reserve, now);
                queue.uploaded(cid, reserve, now);
                handed.merge(c, 1, Integer::sum);
                inFlight++;
                c.deliver(cid, reserve);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            monitor.unlock();
        }
    }

    /** Waits (the lock held) {@code nanos}, at least a millisecond as before, or until signalled. */
    private void waitNanos(long nanos) throws InterruptedException {
        monitor.awaitNanos(Math.max(1_000_000, nanos));
    }
}
