package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.identify.IdentifyInfo;
import io.phoenix.protocol.p2p.identify.IdentifyProtocol;
import io.phoenix.protocol.p2p.mss.MultistreamSelect;
import io.phoenix.protocol.p2p.ping.PingProtocol;
import io.phoenix.protocol.p2p.tcp.TcpTransport;
import io.phoenix.protocol.p2p.yamux.YamuxSession;
import io.phoenix.protocol.p2p.yamux.YamuxStream;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The libp2p host over TCP + Noise + yamux with identify and ping built in. Blocking sockets on
 * scheduler threads: one reader per connection, one thread per inbound stream handler. Concurrent
 * dials to the same peer share one attempt; peers added with {@link #keepConnected} are redialled
 * with exponential backoff when their last connection drops. Time, timers (handshake and
 * negotiation deadlines, redials, yamux keep-alive) and threads come from the injected
 * {@link Scheduler}; only the socket I/O itself runs in real time.
 */
public final class Libp2pHost implements Host {
    private static final System.Logger LOG = System.getLogger(Libp2pHost.class.getName());

    private final IdentityKey identity;
    private final Libp2pHostConfig config;
    private final SecureRandom random;
    /** The injected scheduler, counting the threads this host starts ({@link #liveThreads()}). */
    private final CountingScheduler scheduler;
    private final Executor threads;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Map<PeerId, List<Libp2pConnection>> connections = new ConcurrentHashMap<>();
    private final Map<PeerId, CompletableFuture<Libp2pConnection>> dials = new ConcurrentHashMap<>();
    private final Map<PeerId, Multiaddr> addressBook = new ConcurrentHashMap<>();
    private final Map<PeerId, CompletableFuture<IdentifyInfo>> identifies = new ConcurrentHashMap<>();
    private final Redialer redialer;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> listenAddrs = new CopyOnWriteArrayList<>();
    private final Semaphore handshakes;
    private volatile boolean closed;

    /**
     * A host for {@code identity}; {@code scheduler} gives it time, timers and threads (the host does
     * not close it), {@code random} the Noise keys, ping payloads and backoff jitter.
     */
    public Libp2pHost(IdentityKey identity, Libp2pHostConfig config, Scheduler scheduler, SecureRandom random) {
        this.identity = identity;
        this.config = config;
        this.random = random;
        this.handshakes = new Semaphore(config.maxPendingHandshakes());
        this.scheduler = new CountingScheduler(scheduler);
        String self = identity.peerId().toString();
        String tag = "p2p-" + self.substring(Math.max(0, self.length() - 6));
        this.threads = r -> this.scheduler.start(tag, r);
        this.redialer = new Redialer(this.scheduler, config.reconnect(), random, this::connection, p -> liveConnection(p) != null);
        handlers.put(IdentifyProtocol.PROTOCOL_ID, s -> IdentifyProtocol.respond(s, localIdentify(s.remotePeer())));
        handlers.put(PingProtocol.PROTOCOL_ID, PingProtocol.handler());
    }

    /** Starts listening on a TCP multiaddr (port 0 = ephemeral); returns the bound address. */
    public Multiaddr listen(Multiaddr address) throws IOException {
        ServerSocket ss = TcpTransport.listen(address);
        servers.add(ss);
        Multiaddr bound = TcpTransport.localAddress(ss);
        listenAddrs.addAll(TcpTransport.expandWildcard(bound, ss.getInetAddress()));
        threads.execute(() -> acceptLoop(ss));
        return bound.withPeer(identity.peerId());
    }

    public IdentityKey identity() {
        return identity;
    }

    @Override
    public PeerId peerId() {
        return identity.peerId();
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return listenAddrs.stream().map(a -> a.withPeer(identity.peerId())).toList();
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
        return new TreeSet<>(handlers.keySet());
    }

    @Override
    public CompletableFuture<PeerId> connect(Multiaddr address) {
        return connection(address).thenApply(Libp2pConnection::remotePeer);
    }

    @Override
    public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
        CompletableFuture<Stream> f = new CompletableFuture<>();
        Libp2pConnection existing = liveConnection(peer);
        CompletableFuture<Libp2pConnection> conn = existing != null ? CompletableFuture.completedFuture(existing)
                : addressBook.containsKey(peer) ? connection(addressBook.get(peer).withPeer(peer))
                : CompletableFuture.failedFuture(new P2pException("not connected to " + peer + " and no known address", true));
        conn.whenComplete((c, err) -> {
            if (err != null) {
                f.completeExceptionally(unwrap(err));
                return;
            }
            threads.execute(() -> {
                try {
                    f.complete(openStream(c, protocols));
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e instanceof P2pException p ? p
                            : new P2pException("opening " + protocols + " to " + peer + " failed: " + e.getMessage(), true, e));
                }
            });
        });
        return f;
    }

    private Stream openStream(Libp2pConnection c, List<String> protocols) throws IOException {
        YamuxStream ys = c.session().openStream();
        Task timeout = scheduler.schedule(config.negotiationTimeout(), ys::reset);
        try {
            String chosen = MultistreamSelect.select(ys.input(), ys.output(), protocols);
            return new Libp2pStream(ys, c.remotePeer(), chosen);
        } catch (IOException | RuntimeException e) {
            ys.reset();
            throw e;
        } finally {
            timeout.cancel();
        }
    }

    /** Opens a ping stream and returns the round-trip time of one ping (on the scheduler's clock). */
    public CompletableFuture<Duration> ping(PeerId peer) {
        return newStream(peer, List.of(PingProtocol.PROTOCOL_ID)).thenApplyAsync(s -> {
            try (s) {
                return PingProtocol.ping(s, random, scheduler::nanoTime);
            } catch (IOException e) {
                throw new P2pException("ping to " + peer + " failed: " + e.getMessage(), true, e);
            }
        }, threads);
    }

    /** The identify result of {@code peer}, completing when its answer arrives (after connecting). */
    public CompletableFuture<IdentifyInfo> identify(PeerId peer) {
        return identifies.computeIfAbsent(peer, p -> new CompletableFuture<>()).copy();
    }

    @Override
    public Set<PeerId> connectedPeers() {
        Set<PeerId> out = new TreeSet<>();
        connections.forEach((p, l) -> {
            if (l.stream().anyMatch(Libp2pConnection::isOpen)) out.add(p);
        });
        return out;
    }

    @Override
    public Multiaddr remoteAddress(PeerId peer) {
        Libp2pConnection c = liveConnection(peer);
        return c == null ? null : c.remoteAddress();
    }

    /** True when the live connection to {@code peer} agreed its muxer inside Noise (early muxer), null if none. */
    public Boolean usedEarlyMuxer(PeerId peer) {
        Libp2pConnection c = liveConnection(peer);
        return c == null ? null : c.earlyMuxer();
    }

    public int connectionCount() {
        return connections.values().stream().mapToInt(List::size).sum();
    }

    /** Threads this host started that are still running (reader, accept loop, handlers). */
    public int liveThreads() {
        return scheduler.live();
    }

    @Override
    public void disconnect(PeerId peer) {
        redialer.forget(peer);
        List<Libp2pConnection> l = connections.get(peer);
        if (l != null) for (Libp2pConnection c : List.copyOf(l)) c.session().close();
    }

    /** Connects now and reconnects with {@link Libp2pHostConfig#reconnect()} backoff whenever the peer drops. */
    public void keepConnected(Multiaddr address) {
        PeerId peer = requirePeer(address);
        addressBook.put(peer, address.withoutPeer());
        redialer.keep(peer, address.withoutPeer());
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        redialer.close();
        for (ServerSocket ss : servers) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (List<Libp2pConnection> l : connections.values()) for (Libp2pConnection c : List.copyOf(l)) c.session().close();
        dials.values().forEach(f -> f.completeExceptionally(new P2pException("host closed", false)));
        identifies.values().forEach(f -> f.completeExceptionally(new P2pException("host closed", false)));
    }

    // ---- dialing ------------------------------------------------------------------------------

    private static PeerId requirePeer(Multiaddr address) {
        PeerId peer = address.peerId();
        if (peer == null) throw new P2pException("address must end in /p2p/<peer id>: " + address, false);
        return peer;
    }

    private CompletableFuture<Libp2pConnection> connection(Multiaddr address) {
        PeerId peer;
        try {
            peer = requirePeer(address);
        } catch (P2pException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (peer.equals(peerId())) return CompletableFuture.failedFuture(new P2pException("cannot dial self", false));
        if (closed) return CompletableFuture.failedFuture(new P2pException("host closed", false));
        addressBook.putIfAbsent(peer, address.withoutPeer());
        Libp2pConnection existing = liveConnection(peer);
        if (existing != null) return CompletableFuture.completedFuture(existing);
        CompletableFuture<Libp2pConnection> mine = new CompletableFuture<>();
        CompletableFuture<Libp2pConnection> prior = dials.putIfAbsent(peer, mine);
        if (prior != null) return prior; // dedupe: join the dial already under way
        threads.execute(() -> {
            try {
                mine.complete(dial(address, peer));
            } catch (IOException | RuntimeException e) {
                mine.completeExceptionally(e instanceof P2pException p ? p
                        : new P2pException("dial " + address + " failed: " + e.getMessage(), true, e));
            } finally {
                dials.remove(peer, mine);
            }
        });
        return mine;
    }

    private Libp2pConnection dial(Multiaddr address, PeerId peer) throws IOException {
        if (connectionCount() >= config.maxConnections()) throw new P2pException("connection limit " + config.maxConnections() + " reached", true);
        if (!handshakes.tryAcquire()) throw new P2pException("too many pending handshakes", true);
        try {
            Socket socket = TcpTransport.dial(address.withoutPeer(), config.dialTimeout());
            return upgrade(socket, false, peer);
        } finally {
            handshakes.release();
        }
    }

    // ---- accepting ----------------------------------------------------------------------------

    private void acceptLoop(ServerSocket ss) {
        while (!closed && !ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!closed) LOG.log(System.Logger.Level.WARNING, "accept failed on " + ss, e);
                return;
            }
            if (connectionCount() >= config.maxConnections() || !handshakes.tryAcquire()) {
                closeQuietly(s); // over the limit: refuse before spending any crypto
                continue;
            }
            threads.execute(() -> {
                try {
                    TcpTransport.configure(s);
                    upgrade(s, true, null);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "inbound handshake failed", e);
                } finally {
                    handshakes.release();
                }
            });
        }
    }

    // ---- upgrading ----------------------------------------------------------------------------

    private Libp2pConnection upgrade(Socket socket, boolean inbound, PeerId expected) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        Task deadline = scheduler.schedule(config.handshakeTimeout(), () -> {
            expired.set(true);
            closeQuietly(socket);
        });
        ConnectionUpgrader.Upgraded up;
        try {
            up = ConnectionUpgrader.upgrade(socket, !inbound, identity, expected, config.earlyMuxer(), random);
        } catch (IOException | RuntimeException e) {
            boolean timedOut = expired.get();
            closeQuietly(socket);
            if (timedOut && !(e instanceof P2pException)) {
                throw new P2pException("handshake with " + socket.getRemoteSocketAddress() + " timed out after " + config.handshakeTimeout(), true, e);
            }
            throw e;
        } finally {
            deadline.cancel();
        }
        PeerId remote = up.noise().remotePeer();
        Multiaddr remoteAddr = TcpTransport.remoteAddress(socket);
        Libp2pConnection[] holder = new Libp2pConnection[1];
        YamuxSession session = new YamuxSession(!inbound, up.noise().in(), up.noise().out(), socket, config.yamux(),
                ys -> threads.execute(() -> serveInbound(holder[0], ys)), scheduler);
        Libp2pConnection c = new Libp2pConnection(remote, up.noise().remoteIdentityKey(), remoteAddr, inbound, up.earlyMuxer(), session);
        holder[0] = c;
        boolean first;
        synchronized (connections) {
            List<Libp2pConnection> l = connections.computeIfAbsent(remote, p -> new CopyOnWriteArrayList<>());
            first = l.stream().noneMatch(Libp2pConnection::isOpen);
            l.add(c);
        }
        session.onClose(() -> connectionClosed(c));
        session.start();
        if (closed) {
            session.close();
            throw new P2pException("host closed", false);
        }
        CompletableFuture<IdentifyInfo> identified = identifies.compute(remote,
                (p, old) -> old != null && (!old.isDone() || (!first && !old.isCompletedExceptionally())) ? old : new CompletableFuture<>());
        if (first) for (ConnectionListener l : listeners) l.connected(remote, remoteAddr, inbound);
        if (first || !identified.isDone()) threads.execute(() -> runIdentify(c, identified));
        return c;
    }

    private void connectionClosed(Libp2pConnection c) {
        boolean last;
        synchronized (connections) {
            List<Libp2pConnection> l = connections.get(c.remotePeer());
            if (l == null) return;
            l.remove(c);
            last = l.stream().noneMatch(Libp2pConnection::isOpen);
            if (l.isEmpty()) connections.remove(c.remotePeer());
        }
        if (!last) return;
        CompletableFuture<IdentifyInfo> id = identifies.remove(c.remotePeer());
        if (id != null) id.completeExceptionally(new P2pException("disconnected from " + c.remotePeer(), true));
        for (ConnectionListener l : listeners) l.disconnected(c.remotePeer());
        redialer.dropped(c.remotePeer());
    }

    private void runIdentify(Libp2pConnection c, CompletableFuture<IdentifyInfo> result) {
        try {
            Stream s = openStream(c, List.of(IdentifyProtocol.PROTOCOL_ID));
            result.complete(IdentifyProtocol.request(s));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "identify of " + c.remotePeer() + " failed", e);
            result.completeExceptionally(e instanceof P2pException p ? p : new P2pException("identify of " + c.remotePeer() + " failed: " + e, true, e));
        }
    }

    private IdentifyInfo localIdentify(PeerId remote) {
        Libp2pConnection c = liveConnection(remote);
        return new IdentifyInfo(identity.publicKeyProtobuf(), listenAddrs, List.copyOf(protocols()),
                c == null ? null : c.remoteAddress(), IdentifyProtocol.PROTOCOL_VERSION, config.agentVersion());
    }

    private void serveInbound(Libp2pConnection c, YamuxStream ys) {
        Task timeout = scheduler.schedule(config.negotiationTimeout(), ys::reset);
        String protocol;
        try {
            protocol = MultistreamSelect.handle(ys.input(), ys.output(), handlers::containsKey);
        } catch (IOException | RuntimeException e) {
            ys.reset();
            return;
        } finally {
            timeout.cancel();
        }
        StreamHandler h = handlers.get(protocol);
        Libp2pStream s = new Libp2pStream(ys, c.remotePeer(), protocol);
        try {
            if (h == null) throw new P2pException("handler for " + protocol + " removed", false);
            h.handle(s);
            s.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "handler " + protocol + " for " + c.remotePeer() + " failed", e);
            s.reset();
        }
    }

    private Libp2pConnection liveConnection(PeerId peer) {
        List<Libp2pConnection> l = connections.get(peer);
        if (l == null) return null;
        for (Libp2pConnection c : l) if (c.isOpen()) return c;
        return null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Override
    public String toString() {
        return "Libp2pHost[" + peerId() + " " + listenAddrs + "]";
    }
}
