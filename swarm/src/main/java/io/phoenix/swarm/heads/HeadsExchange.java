package io.phoenix.swarm.heads;

import io.phoenix.protocol.exchange.Frames;
import io.phoenix.protocol.heads.AntiEntropy;
import io.phoenix.protocol.heads.AntiEntropyAction;
import io.phoenix.protocol.heads.HeadsCodec;
import io.phoenix.protocol.heads.HeadsView;
import io.phoenix.protocol.heads.PeerView;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.time.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Anti-entropy over a {@link Host}, protocol {@code /phoenix/heads/1.0.0}: on every new
 * connection (and on each {@link #tick()}, which the daemon calls periodically) the dialer sends
 * its {@link HeadsView}, the listener answers with its own, and both feed the {@link AntiEntropy}
 * engine. Peers that are not sites of the swarm, or that announce another swarm id, are logged
 * and disconnected.
 */
public final class HeadsExchange implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HeadsExchange.class.getName());

    /** What the node learns from anti-entropy. */
    public interface Listener {
        /** {@code from} has a head we do not know: fetch its manifest. */
        void missing(PeerId from, Head head);

        /** A receipt we did not know, already verified. */
        default void receipt(ReplicationReceipt receipt) {}

        /** A peer's view arrived (what it holds complete, its heads). */
        default void peerView(PeerView view) {}
    }

    private final Host host;
    private final SwarmGate gate;
    private final Supplier<HeadsView> local;
    private final Predicate<Cid> known;
    private final Listener listener;
    private final Scheduler scheduler;
    private final AntiEntropy engine;

    /**
     * @param local our current view (heads, complete snapshots, our own receipts)
     * @param known whether we already hold or are fetching a manifest
     * @param intervalMillis how often to re-exchange with each connected peer
     * @param scheduler the wall clock (milliseconds) and the threads of the exchanges
     */
    public HeadsExchange(Host host, SwarmGate gate, Supplier<HeadsView> local, Predicate<Cid> known, Listener listener,
            long intervalMillis, Scheduler scheduler) {
        this.host = host;
        this.gate = gate;
        this.local = local;
        this.known = known;
        this.listener = listener;
        this.scheduler = scheduler;
        this.engine = new AntiEntropy(gate, intervalMillis);
    }

    public void start() {
        host.setHandler(HeadsCodec.PROTOCOL_ID, this::answer);
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
                List<AntiEntropyAction> actions;
                synchronized (engine) {
                    actions = engine.connected(peer, nowMillis());
                }
                // both sides exchange on connect: cheap, and neither depends on the other's timing
                perform(actions);
            }

            @Override
            public void disconnected(PeerId peer) {
                synchronized (engine) {
                    engine.disconnected(peer);
                }
            }
        });
        for (PeerId p : host.connectedPeers()) {
            List<AntiEntropyAction> actions;
            synchronized (engine) {
                actions = engine.connected(p, nowMillis());
            }
            perform(actions);
        }
    }

    /** Re-exchanges with peers not heard from for an interval; call periodically. */
    public void tick() {
        List<AntiEntropyAction> actions;
        synchronized (engine) {
            actions = engine.tick(nowMillis());
        }
        perform(actions);
    }

    /** Adds a receipt (e.g. our own, just signed) to what we pass on. */
    public void addReceipt(ReplicationReceipt r) {
        synchronized (engine) {
            engine.addReceipt(r);
        }
    }

    public Collection<ReplicationReceipt> receipts() {
        synchronized (engine) {
            return engine.receipts();
        }
    }

    public Optional<PeerView> peerView(PeerId peer) {
        synchronized (engine) {
            return engine.peerView(peer);
        }
    }

    /** Exchanges heads with {@code peer} now (on a thread of the scheduler). */
    public void exchangeWith(PeerId peer) {
        host.newStream(peer, List.of(HeadsCodec.PROTOCOL_ID)).whenComplete((s, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.DEBUG, "anti-entropy: no heads stream to " + peer + ": " + err);
                return;
            }
            scheduler.start("heads-" + peer, () -> {
                try (s) {
                    send(s);
                    s.closeWrite();
                    byte[] theirs = Frames.read(s.input(), HeadsCodec.MAX_FRAME_BYTES);
                    if (theirs != null) process(peer, theirs);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "anti-entropy with " + peer + " failed: " + e);
                    s.reset();
                }
            });
        });
    }

    @Override
    public void close() {
        host.removeHandler(HeadsCodec.PROTOCOL_ID);
    }

    private long nowMillis() {
        return scheduler.clock().millis();
    }

    private void answer(Stream s) throws IOException {
        byte[] theirs = Frames.read(s.input(), HeadsCodec.MAX_FRAME_BYTES);
        if (theirs == null) return;
        if (!gate.checkPeer(s.remotePeer()).accepted()) {
            s.reset();
            process(s.remotePeer(), theirs); // logs and disconnects
            return;
        }
        send(s);
        process(s.remotePeer(), theirs);
    }

    private void send(Stream s) throws IOException {
        HeadsView mine = local.get();
        List<ReplicationReceipt> receipts = new ArrayList<>(mine.receipts());
        synchronized (engine) {
            receipts.addAll(engine.receipts());
        }
        byte[] frame = HeadsCodec.encode(gate.swarmId(), new HeadsView(mine.heads(), mine.complete(), receipts, mine.partial()));
        OutputStream out = s.output();
        Frames.write(out, frame);
        out.flush();
    }

    private void process(PeerId peer, byte[] frame) {
        HeadsCodec.Message m = HeadsCodec.decode(frame);
        List<AntiEntropyAction> actions;
        Optional<PeerView> view;
        synchronized (engine) {
            actions = engine.received(peer, m, known, nowMillis());
            view = engine.peerView(peer);
        }
        view.filter(v -> v.view() == m.view()).ifPresent(listener::peerView);
        perform(actions);
    }

    private void perform(List<AntiEntropyAction> actions) {
        for (AntiEntropyAction a : actions) {
            switch (a) {
                case AntiEntropyAction.Exchange e -> exchangeWith(e.peer());
                case AntiEntropyAction.Refuse r -> {
                    LOG.log(System.Logger.Level.WARNING, r.reason());
                    host.disconnect(r.peer());
                }
                case AntiEntropyAction.Missing m -> listener.missing(m.from(), m.head());
                case AntiEntropyAction.NewReceipt n -> listener.receipt(n.receipt());
            }
        }
    }
}
