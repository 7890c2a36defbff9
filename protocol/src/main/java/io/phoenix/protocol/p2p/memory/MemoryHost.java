package io.phoenix.protocol.p2p.memory;

import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link Host} on a {@link MemoryNetwork}. Inbound stream handlers run on virtual threads;
 * connection events are delivered in order on one event thread per host.
 */
public final class MemoryHost implements Host {
    private final MemoryNetwork network;
    private final PeerId peerId;
    private final Multiaddr address;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Map<PeerId, Link> links = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("memory-host-events").factory());
    private volatile boolean closed;

    /** This host's side of a connection: the remote host and the streams open on it. */
    private record Link(MemoryHost remote, boolean inbound, Set<MemoryStream> streams) {}

    MemoryHost(MemoryNetwork network, PeerId peerId, Multiaddr address) {
        this.network = network;
        this.peerId = peerId;
        this.address = address;
    }

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return closed ? List.of() : List.of(address.withPeer(peerId));
    }

    @Override
    public void setHandler(String protocolId, StreamHandler handler) {
        handlers.put(protocolId, handler);
    }

    @Override
    public void removeHandler(String protocolId) {
        handlers.remove(protocolId);
    }

    @Override
    public Set<String> protocols() {
        return Set.copyOf(handlers.keySet());
    }

    @Override
    public CompletableFuture<PeerId> connect(Multiaddr addr) {
        if (closed) return CompletableFuture.failedFuture(new P2pException("host is closed", false));
        PeerId expected = addr.peerId();
        if (expected == null) return CompletableFuture.failedFuture(new P2pException("address has no /p2p/ peer id: " + addr, false));
        if (links.containsKey(expected)) return CompletableFuture.completedFuture(expected);
        MemoryHost remote = network.lookup(addr);
        if (remote == null || remote.closed) {
            return CompletableFuture.failedFuture(new P2pException("connection refused: " + addr, true));
        }
        if (!remote.peerId.equals(expected)) {
            return CompletableFuture.failedFuture(new P2pException("peer at " + addr + " is " + remote.peerId + ", not the dialed id", false));
        }
        if (remote == this) return CompletableFuture.failedFuture(new P2pException("cannot dial self", false));
        boolean added;
        synchronized (MemoryHost.class) { // one global order: no deadlock between two dialing hosts
            added = !links.containsKey(expected);
            if (added) {
                links.put(expected, new Link(remote, false, ConcurrentHashMap.newKeySet()));
                remote.links.put(peerId, new Link(this, true, ConcurrentHashMap.newKeySet()));
            }
        }
        if (added) {
            fire(l -> l.connected(expected, remote.address.withPeer(expected), false));
            remote.fire(l -> l.connected(peerId, address.withPeer(peerId), true));
        }
        return CompletableFuture.completedFuture(expected);
    }

    @Override
    public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
        Link link = links.get(peer);
        if (link == null) return CompletableFuture.failedFuture(new P2pException("not connected to " + peer, true));
        MemoryHost remote = link.remote();
        for (String protocol : protocols) {
            StreamHandler handler = remote.handlers.get(protocol);
            if (handler == null) continue;
            Link back = remote.links.get(peerId);
            if (back == null) return CompletableFuture.failedFuture(new P2pException("connection to " + peer + " closed", true));
            MemoryPipe toRemote = new MemoryPipe(network.streamBuffer());
            MemoryPipe fromRemote = new MemoryPipe(network.streamBuffer());
            MemoryStream local = new MemoryStream(peer, protocol, fromRemote, toRemote, s -> link.streams().remove(s));
            MemoryStream far = new MemoryStream(peerId, protocol, toRemote, fromRemote, s -> back.streams().remove(s));
            link.streams().add(local);
            back.streams().add(far);
            Thread.ofVirtual().name("memory-stream-" + protocol).start(() -> {
                try {
                    handler.handle(far);
                    far.close();
                } catch (Exception | Error e) {
                    far.reset();
                }
            });
            return CompletableFuture.completedFuture(local);
        }
        return CompletableFuture.failedFuture(new P2pException(peer + " supports none of " + protocols, false));
    }

    @Override
    public Set<PeerId> connectedPeers() {
        return Set.copyOf(links.keySet());
    }

    @Override
    public Multiaddr remoteAddress(PeerId peer) {
        Link link = links.get(peer);
        return link == null ? null : link.remote().address.withPeer(peer);
    }

    @Override
    public void disconnect(PeerId peer) {
        Link link;
        Link back = null;
        synchronized (MemoryHost.class) {
            link = links.remove(peer);
            if (link != null) back = link.remote().links.remove(peerId);
        }
        if (link == null) return;
        link.streams().forEach(MemoryStream::reset);
        if (back != null) back.streams().forEach(MemoryStream::reset);
        fire(l -> l.disconnected(peer));
        link.remote().fire(l -> l.disconnected(peerId));
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    /** Whether the connection to {@code peer} was dialed by the peer. */
    public boolean isInbound(PeerId peer) {
        Link link = links.get(peer);
        return link != null && link.inbound();
    }

    private void fire(java.util.function.Consumer<ConnectionListener> event) {
        if (events.isShutdown()) return;
        try {
            events.execute(() -> listeners.forEach(event));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // host closed meanwhile: nobody is listening any more
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        network.unregister(this);
        for (PeerId p : Set.copyOf(links.keySet())) disconnect(p);
        events.shutdown();
    }
}
