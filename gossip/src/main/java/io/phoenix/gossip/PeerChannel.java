package io.phoenix.gossip;

import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.time.Monitor;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Our side of the gossipsub conversation with one peer: opens our own outbound meshsub stream
 * (the remote's stream is only read, by {@link GossipSub}) and writes queued RPCs to it on one
 * thread of the scheduler, which waits on a {@link Monitor} of it. RPCs queued before the stream
 * is open are sent once it is. A full queue drops the RPC (a peer that cannot keep up loses
 * messages, it does not stall the router).
 */
final class PeerChannel {
    private static final System.Logger LOG = System.getLogger(PeerChannel.class.getName());
    static final int QUEUE_CAPACITY = 4096;
    /** How long opening our stream to the peer may take. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final Host host;
    private final PeerId peer;
    private final List<String> protocols;
    private final int maxRpcSize;
    private final Consumer<PeerChannel> onFailure;
    private final Scheduler scheduler;
    private final Monitor monitor;
    /** RPCs to send, guarded by {@link #monitor}. */
    private final ArrayDeque<RPC> queue = new ArrayDeque<>();
    /** Guarded by {@link #monitor}: no more RPCs are taken; the writer sends what is queued, then half-closes. */
    private boolean stopping;
    private volatile Task writer;
    private volatile Stream stream;
    private volatile boolean closed;

    PeerChannel(Host host, PeerId peer, List<String> protocols, int maxRpcSize, Consumer<PeerChannel> onFailure, Scheduler scheduler) {
        this.host = host;
        this.peer = peer;
        this.protocols = protocols;
        this.maxRpcSize = maxRpcSize;
        this.onFailure = onFailure;
        this.scheduler = scheduler;
        this.monitor = scheduler.newMonitor();
    }

    void start() {
        writer = scheduler.start("gossip-writer-" + peer, this::run);
    }

    PeerId peer() {
        return peer;
    }

    boolean offer(RPC rpc) {
        if (closed) return false;
        monitor.lock();
        try {
            if (stopping) return false;
            if (queue.size() >= QUEUE_CAPACITY) {
                LOG.log(System.Logger.Level.DEBUG, "gossip queue to {0} full: RPC dropped", peer);
                return false;
            }
            queue.add(rpc);
            monitor.signalAll();
            return true;
        } finally {
            monitor.unlock();
        }
    }

    private void run() {
        try {
            stream = open();
            RPC rpc;
            while ((rpc = take()) != null) {
                for (RPC part : RpcFraming.split(rpc, maxRpcSize)) RpcFraming.write(stream.output(), part);
            }
            // FIN, then wait for the remote's FIN: it has read everything we sent (or reset by await())
            stream.closeWrite();
            stream.input().transferTo(OutputStream.nullOutputStream());
            stream.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "gossip stream to " + peer + " failed", e);
            Stream s = stream;
            if (s != null) s.reset();
            if (!closed) onFailure.accept(this);
        } finally {
            closed = true;
        }
    }

    /** Opens our meshsub stream, waiting at most {@link #OPEN_TIMEOUT} on the scheduler's clock. */
    private Stream open() throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Stream> f = host.newStream(peer, protocols);
        f.whenComplete((s, e) -> {
            monitor.lock();
            try {
                monitor.signalAll();
            } finally {
                monitor.unlock();
            }
        });
        long deadline = scheduler.nanoTime() + OPEN_TIMEOUT.toNanos();
        monitor.lock();
        try {
            while (!f.isDone()) {
                long left = deadline - scheduler.nanoTime();
                if (left <= 0) {
                    f.thenAccept(Stream::reset); // should it still open: nobody will use it
                    throw new TimeoutException("opening a meshsub stream to " + peer + " took longer than " + OPEN_TIMEOUT);
                }
                monitor.awaitNanos(left);
            }
        } finally {
            monitor.unlock();
        }
        return f.get(); // done: returns or throws at once
    }

    /** The next RPC to send, waiting for one; null once stopping and everything queued is taken. */
    private RPC take() throws InterruptedException {
        monitor.lock();
        try {
            while (queue.isEmpty()) {
                if (stopping) return null;
                monitor.await();
            }
            return queue.poll();
        } finally {
            monitor.unlock();
        }
    }

    /** Stops taking RPCs: what is queued is still sent, then our stream is half-closed. */
    void stop() {
        if (closed) return;
        closed = true;
        monitor.lock();
        try {
            stopping = true;
            monitor.signalAll();
        } finally {
            monitor.unlock();
        }
    }

    /**
     * Waits until the writer finished, at most until {@code deadlineNanos} on the scheduler's clock
     * (then resets the stream and interrupts the writer); true if it finished.
     */
    boolean await(long deadlineNanos) {
        Task w = writer;
        if (w == null) return true; // never started
        try {
            long left = deadlineNanos - scheduler.nanoTime();
            if (left > 0 && w.join(Duration.ofNanos(left))) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Stream s = stream;
        if (s != null) s.reset(); // the remote did not confirm in time
        w.cancel();
        return w.isDone();
    }
}
