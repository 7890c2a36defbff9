package io.phoenix.node.replication;

import io.phoenix.protocol.heads.PartialHolding;
import io.phoenix.protocol.manifest.ManifestOrder;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this node knows of the swarm: verified manifests, the receipts of every site (latest per
 * site and snapshot), when each site was last heard from, and this node's own progress per
 * snapshot. Thread-safe (one lock; every method is short).
 */
public final class SwarmState {
    /** This node's progress on one snapshot: blocks held of the index. */
    public record Progress(long held, long total, boolean complete) {}

    /** What a peer last said (anti-entropy) about the snapshots it is still fetching, and when. */
    public record PeerProgress(Map<Cid, PartialHolding> partial, Instant at) {}

    /** What this process fetched to complete one snapshot (blocks already held are not counted). */
    public record Fetched(long blocks, long bytes, long badBlocks) {}

    private final Map<Cid, SignedManifest> manifests = new HashMap<>();
    private final Map<Cid, Map<PeerId, ReplicationReceipt>> receipts = new HashMap<>();
    private final Map<PeerId, Instant> lastSeen = new HashMap<>();
    private final Map<Cid, Progress> progress = new HashMap<>();
    private final Map<Cid, Fetched> fetched = new HashMap<>();
    private final Map<PeerId, PeerProgress> peerProgress = new HashMap<>();

    /** Adds a verified manifest; true when it was new. */
    public synchronized boolean addManifest(Cid cid, SignedManifest m) {
        return manifests.putIfAbsent(cid, m) == null;
    }

    public synchronized Optional<SignedManifest> manifest(Cid cid) {
        return Optional.ofNullable(manifests.get(cid));
    }

    public synchronized boolean knows(Cid cid) {
        return manifests.containsKey(cid);
    }

    /** Known manifests, newest first ({@link ManifestOrder}). */
    public synchronized List<Map.Entry<Cid, SignedManifest>> newestFirst() {
        List<Map.Entry<Cid, SignedManifest>> out = new ArrayList<>(manifests.entrySet());
        out.sort(Comparator.comparing((Map.Entry<Cid, SignedManifest> e) -> e.getValue(), ManifestOrder.INSTANCE).reversed());
        return out;
    }

    public synchronized Optional<Map.Entry<Cid, SignedManifest>> latest() {
        List<Map.Entry<Cid, SignedManifest>> l = newestFirst();
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Records a verified receipt; true when it was news (a newer receipt of that site for that snapshot). */
    public synchronized boolean addReceipt(ReplicationReceipt r) {
        Map<PeerId, ReplicationReceipt> bySite = receipts.computeIfAbsent(r.manifest(), k -> new HashMap<>());
        ReplicationReceipt old = bySite.get(r.site());
        if (old != null && old.verifiedAtMillis() >= r.verifiedAtMillis()) return false;
        bySite.put(r.site(), r);
        seen(r.site(), Instant.ofEpochMilli(r.verifiedAtMillis()));
        return true;
    }

    public synchronized Map<PeerId, ReplicationReceipt> receipts(Cid manifest) {
        return new LinkedHashMap<>(receipts.getOrDefault(manifest, Map.of()));
    }

    public synchronized List<ReplicationReceipt> allReceipts() {
        List<ReplicationReceipt> out = new ArrayList<>();
        for (Map<PeerId, ReplicationReceipt> m : receipts.values()) out.addAll(m.values());
        return out;
    }

    public synchronized void seen(PeerId peer, Instant when) {
        lastSeen.merge(peer, when, (a, b) -> a.isAfter(b) ? a : b);
    }

    public synchronized Optional<Instant> lastSeen(PeerId peer) {
        return Optional.ofNullable(lastSeen.get(peer));
    }

    public synchronized void progress(Cid manifest, Progress p) {
        progress.put(manifest, p);
    }

    public synchronized Optional<Progress> progress(Cid manifest) {
        return Optional.ofNullable(progress.get(manifest));
    }

    public synchronized void fetched(Cid manifest, Fetched f) {
        fetched.put(manifest, f);
    }

    /** What this process fetched to complete {@code manifest}; empty if it did not fetch it (or not yet). */
    public synchronized Optional<Fetched> fetched(Cid manifest) {
        return Optional.ofNullable(fetched.get(manifest));
    }

    /** Replaces what {@code peer} reported as partly held (its latest heads message wins). */
    public synchronized void peerProgress(PeerId peer, List<PartialHolding> partial, Instant at) {
        Map<Cid, PartialHolding> m = new HashMap<>();
        for (var p : partial) m.put(p.manifest(), p);
        peerProgress.put(peer, new PeerProgress(Map.copyOf(m), at));
    }

    /** {@code peer}'s last reported progress on {@code manifest}, if it reported one. */
    public synchronized Optional<PartialHolding> peerProgress(PeerId peer, Cid manifest) {
        PeerProgress p = peerProgress.get(peer);
        return p == null ? Optional.empty() : Optional.ofNullable(p.partial().get(manifest));
    }
}
