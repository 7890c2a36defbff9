package io.phoenix.gossip;

import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Our side of the gossipsub conversation with one peer: opens our own outbound meshsub stream
 * (the remote's stream is only read, by {@link GossipSub}) and writes queued RPCs to it on one
 * virtual thread. RPCs queued before the stream is open are sent once it is. A full queue drops
 * the RPC (a peer that cannot keep up loses messages, it does not stall the router).
 */
final class PeerChannel {
    private static final Logger LOG = Logger.getLogger(PeerChannel.class.getName());
    static final int QUEUE_CAPACITY = 4096;
    private static final RPC STOP = RPC.newBuilder().build();

    private final PeerId peer;
    private final BlockingQueue<RPC> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile Stream stream;
    private volatile boolean closed;

    PeerChannel(Host host, PeerId peer, List<String> protocols, int maxRpcSize, Consumer<PeerChannel> onFailure) {
        this.peer = peer;
        this.writer = Thread.ofVirtual().name("gossip-writer-" + peer).unstarted(() -> run(host, protocols, maxRpcSize, onFailure));
    }

    void start() {
        writer.start();
    }

    PeerId peer() {
        return peer;
    }

    boolean offer(RPC rpc) {
        if (closed) return false;
        boolean ok = queue.offer(rpc);
        if (!ok) LOG.log(Level.FINE, "gossip queue to {0} full: RPC dropped", peer);
        return ok;
    }

    private void run(Host host, List<String> protocols, int maxRpcSize, Consumer<PeerChannel> onFailure) {
        try {
            stream = host.newStream(peer, protocols).get(30, TimeUnit.SECONDS);
            while (true) {
                RPC rpc = queue.take();
                if (rpc == STOP) break;
                for (RPC part : RpcFraming.split(rpc, maxRpcSize)) RpcFraming.write(stream.output(), part);
            }
            // FIN, then wait for the remote's FIN: it has read everything we sent (or reset by await())
            stream.closeWrite();
            stream.input().transferTo(java.io.OutputStream.nullOutputStream());
            stream.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.log(Level.FINE, "gossip stream to " + peer + " failed", e);
            Stream s = stream;
            if (s != null) s.reset();
            if (!closed) onFailure.accept(this);
        } finally {
            closed = true;
        }
    }

    /** Stops taking RPCs: what is queued is still sent, then our stream is half-closed. */
    void stop() {
        if (closed) return;
        closed = true;
        if (!queue.offer(STOP)) {
            queue.clear();
            queue.offer(STOP);
        }
    }

    /** Waits until the writer finished (interrupting it after the deadline); true if it finished. */
    boolean await(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0 && writer.join(java.time.Duration.ofNanos(left))) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Stream s = stream;
        if (s != null) s.reset(); // the remote did not confirm in time
        writer.interrupt();
        return !writer.isAlive();
    }
}
