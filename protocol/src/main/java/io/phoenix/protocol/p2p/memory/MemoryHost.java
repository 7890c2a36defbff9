package io.phoenix.protocol.p2p.memory;

import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link Host} on a {@link MemoryNetwork}. Inbound stream handlers run on threads of the
 * network's scheduler; connection events are delivered in order, one at a time, on a scheduler
 * thread that runs while the host has events queued.
 */
public final class MemoryHost implements Host {
    private static final System.Logger LOG = System.getLogger(MemoryHost.class.getName());

    private final MemoryNetwork network;
    private final PeerId peerId;
    private final Multiaddr address;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Map<PeerId, Link> links = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    /** Connection events not yet delivered; guarded by itself, like {@link #delivering} and {@link #eventsClosed}. */
    private final ArrayDeque<Consumer<ConnectionListener>> events = new ArrayDeque<>();
    private boolean delivering;
    private boolean eventsClosed;
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
            MemoryPipe toRemote = network.newPipe();
            MemoryPipe fromRemote = network.newPipe();
            MemoryStream local = new MemoryStream(peer, protocol, fromRemote, toRemote, s -> link.streams().remove(s));
            MemoryStream far = new MemoryStream(peerId, protocol, toRemote, fromRemote, s -> back.streams().remove(s));
            link.streams().add(local);
            back.streams().add(far);
            network.scheduler().start("memory-stream-" + protocol, () -> {
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

    /** Queues a connection event; one scheduler thread delivers the queue in order, then ends. */
    private void fire(Consumer<ConnectionListener> event) {
        synchronized (events) {
            if (eventsClosed) return; // host closed: nobody is listening any more
            events.add(event);
            if (delivering) return;
            delivering = true;
        }
        network.scheduler().start("memory-host-events", this::deliverEvents);
    }

    private void deliverEvents() {
        while (true) {
            Consumer<ConnectionListener> event;
            synchronized (events) {
                event = events.poll();
                if (event == null) {
                    delivering = false;
                    return;
                }
            }
            for (ConnectionListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) { // one listener's bug must not stop the others' events
                    LOG.log(System.Logger.Level.WARNING, "connection listener failed: " + e, e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        network.unregister(this);
        for (PeerId p : Set.copyOf(links.keySet())) disconnect(p);
        synchronized (events) {
            eventsClosed = true; // what is queued is still delivered
        }
    }
}
