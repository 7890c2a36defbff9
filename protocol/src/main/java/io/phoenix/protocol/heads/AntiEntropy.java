package io.phoenix.protocol.heads;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.GateDecision;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.InvalidReceiptException;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.SwarmGate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The pure core of anti-entropy: on every new connection and every {@code intervalMillis}, peers
 * exchange their heads, the snapshots they hold complete and the replication receipts they know,
 * so a node that was offline for weeks learns what it missed with no gossip history. Takes
 * (peer, message, now), returns {@link AntiEntropyAction}s; no I/O. Not thread-safe.
 */
public final class AntiEntropy {
    private final SwarmGate gate;
    private final long intervalMillis;
    private final Map<PeerId, Long> lastExchange = new LinkedHashMap<>();
    private final Map<PeerId, PeerView> views = new HashMap<>();
    private final Map<Cid, Long> reportedMissing = new HashMap<>();
    /** Most receipts kept (the latest per (site, manifest), oldest learnt dropped first): four times what one message carries. */
    public static final int MAX_RECEIPTS_KEPT = 4 * 1024;
    /** Latest verified receipt per (site, manifest), at most {@link #MAX_RECEIPTS_KEPT}. */
    private final Map<List<Object>, ReplicationReceipt> receipts = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, ReplicationReceipt> eldest) {
            return size() > MAX_RECEIPTS_KEPT;
        }
    };
    private long rejectedReceipts;

    public AntiEntropy(SwarmGate gate, long intervalMillis) {
        this.gate = gate;
        this.intervalMillis = intervalMillis;
    }

    /** A connection came up: exchange at once, or refuse a peer that is not a site of the swarm. */
    public List<AntiEntropyAction> connected(PeerId peer, long now) {
        GateDecision d = gate.checkPeer(peer);
        if (!d.accepted()) return List.of(new AntiEntropyAction.Refuse(peer, d.reason()));
        lastExchange.put(peer, now);
        return List.of(new AntiEntropyAction.Exchange(peer));
    }

    public void disconnected(PeerId peer) {
        lastExchange.remove(peer);
    }

    /** Periodic: exchange again with every connected peer not heard from for an interval. */
    public List<AntiEntropyAction> tick(long now) {
        // a missing head is reported again after an interval anyway: older records are dead weight
        reportedMissing.values().removeIf(at -> now - at >= intervalMillis);
        List<AntiEntropyAction> out = new ArrayList<>();
        for (var e : lastExchange.entrySet()) {
            if (now - e.getValue() >= intervalMillis) {
                e.setValue(now);
                out.add(new AntiEntropyAction.Exchange(e.getKey()));
            }
        }
        return out;
    }

    /**
     * A peer's heads arrived. {@code known} says whether we already hold (or are fetching) a
     * manifest; each unknown head is reported once per interval.
     */
    public List<AntiEntropyAction> received(PeerId peer, HeadsCodec.Message message, Predicate<Cid> known, long now) {
        GateDecision d = gate.check(peer, message.swarm());
        if (!d.accepted()) return List.of(new AntiEntropyAction.Refuse(peer, d.reason()));
        views.put(peer, new PeerView(peer, message.view(), now));
        if (lastExchange.containsKey(peer)) lastExchange.put(peer, now);
        List<AntiEntropyAction> out = new ArrayList<>();
        message.view().heads().stream().sorted(Head.LATEST_FIRST).forEach(h -> {
            if (known.test(h.manifest())) return;
            Long at = reportedMissing.get(h.manifest());
            if (at != null && now - at < intervalMillis) return;
            reportedMissing.put(h.manifest(), now);
            out.add(new AntiEntropyAction.Missing(peer, h));
        });
        for (ReplicationReceipt r : message.view().receipts()) {
            List<Object> key = List.of(r.site(), r.manifest());
            ReplicationReceipt old = receipts.get(key);
            if (old != null && old.verifiedAtMillis() >= r.verifiedAtMillis()) continue;
            try {
                r.verify(gate.definition(), gate.swarmId());
            } catch (InvalidReceiptException e) {
                rejectedReceipts++;
                continue;
            }
            receipts.put(key, r);
            out.add(new AntiEntropyAction.NewReceipt(r));
        }
        return out;
    }

    /** Adds a receipt we produced ourselves (or verified elsewhere) to what we pass on. */
    public void addReceipt(ReplicationReceipt r) {
        receipts.merge(List.of(r.site(), r.manifest()), r, (a, b) -> a.verifiedAtMillis() >= b.verifiedAtMillis() ? a : b);
    }

    public Collection<ReplicationReceipt> receipts() {
        return List.copyOf(receipts.values());
    }

    /** Sites holding {@code manifest} verified, according to the receipts we know. */
    public List<ReplicationReceipt> receiptsFor(Cid manifest) {
        return receipts.values().stream().filter(r -> r.manifest().equals(manifest)).toList();
    }

    public Optional<PeerView> peerView(PeerId peer) {
        return Optional.ofNullable(views.get(peer));
    }

    public Collection<PeerView> peerViews() {
        return List.copyOf(views.values());
    }

    public long rejectedReceipts() {
        return rejectedReceipts;
    }
}
