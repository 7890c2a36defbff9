package io.phoenix.protocol.p2p.memory;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process network of {@link MemoryHost}s for tests and simulations. Each host gets a unique
 * (never routed) address {@code /ip4/10.x.y.z/tcp/4001/p2p/<id>}; connecting, streams, flow control
 * (a bounded buffer of {@code streamBuffer} bytes per direction), half-close and reset behave as
 * the {@link io.phoenix.protocol.p2p.Host} and {@link io.phoenix.protocol.p2p.Stream} contracts say.
 *
 * <p>Everything runs on the network's {@link Scheduler}: handler threads and connection events are
 * started by it, streams wait on its monitors and measure latency on its clock. With a
 * {@link io.phoenix.protocol.time.VirtualScheduler} a whole swarm runs in virtual time.
 */
public final class MemoryNetwork {
    public static final int DEFAULT_STREAM_BUFFER = 256 * 1024;

    private final Scheduler scheduler;
    private final int streamBuffer;
    private final long latencyNanos;
    private final Map<Multiaddr, MemoryHost> hosts = new ConcurrentHashMap<>();
    private final AtomicInteger nextAddress = new AtomicInteger(1);

    public MemoryNetwork(Scheduler scheduler) {
        this(scheduler, DEFAULT_STREAM_BUFFER, Duration.ZERO);
    }

    /**
     * A network whose stream bytes (and end-of-stream) arrive {@code oneWayLatency} after they are
     * written; with {@code streamBuffer} bytes in flight at most, throughput is bounded by
     * {@code streamBuffer / latency} like a window over a long link. Connecting, protocol selection,
     * reset and disconnect stay immediate.
     */
    public MemoryNetwork(Scheduler scheduler, int streamBuffer, Duration oneWayLatency) {
        if (streamBuffer < 1) throw new IllegalArgumentException("streamBuffer must be positive");
        if (oneWayLatency.isNegative()) throw new IllegalArgumentException("latency must not be negative");
        this.scheduler = scheduler;
        this.streamBuffer = streamBuffer;
        this.latencyNanos = oneWayLatency.toNanos();
    }

    /** A new host with identity {@code peer}, listening on a fresh address. */
    public MemoryHost newHost(PeerId peer) {
        int n = nextAddress.getAndIncrement();
        Multiaddr base = Multiaddr.parse("/ip4/10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff) + "/tcp/4001");
        MemoryHost host = new MemoryHost(this, peer, base);
        hosts.put(base, host);
        return host;
    }

    MemoryPipe newPipe() {
        return new MemoryPipe(scheduler, streamBuffer, latencyNanos);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    MemoryHost lookup(Multiaddr address) {
        return hosts.get(address.withoutPeer());
    }

    void unregister(MemoryHost host) {
        hosts.values().remove(host);
    }
}
