package io.phoenix.protocol.p2p.memory;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process network of {@link MemoryHost}s for tests and simulations. Each host gets a unique
 * (never routed) address {@code /ip4/10.x.y.z/tcp/4001/p2p/<id>}; connecting, streams, flow control
 * (a bounded buffer of {@code streamBuffer} bytes per direction), half-close and reset behave as
 * the {@link io.phoenix.protocol.p2p.Host} and {@link io.phoenix.protocol.p2p.Stream} contracts say.
 */
public final class MemoryNetwork {
    public static final int DEFAULT_STREAM_BUFFER = 256 * 1024;

    private final int streamBuffer;
    private final Map<Multiaddr, MemoryHost> hosts = new ConcurrentHashMap<>();
    private final AtomicInteger nextAddress = new AtomicInteger(1);

    public MemoryNetwork() {
        this(DEFAULT_STREAM_BUFFER);
    }

    public MemoryNetwork(int streamBuffer) {
        if (streamBuffer < 1) throw new IllegalArgumentException("streamBuffer must be positive");
        this.streamBuffer = streamBuffer;
    }

    /** A new host with identity {@code peer}, listening on a fresh address. */
    public MemoryHost newHost(PeerId peer) {
        int n = nextAddress.getAndIncrement();
        Multiaddr base = Multiaddr.parse("/ip4/10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff) + "/tcp/4001");
        MemoryHost host = new MemoryHost(this, peer, base);
        hosts.put(base, host);
        return host;
    }

    int streamBuffer() {
        return streamBuffer;
    }

    MemoryHost lookup(Multiaddr address) {
        return hosts.get(address.withoutPeer());
    }

    void unregister(MemoryHost host) {
        hosts.values().remove(host);
    }
}
