package io.phoenix.node.replication;

import io.phoenix.protocol.heads.PartialHolding;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What this node knows of the swarm: verified manifests, the receipts of the sites (latest per
 * site and snapshot), when each site was last heard from, and this node's own progress per
 * snapshot. Thread-safe (one lock; every method is short).
 *
 * <p>Memory (docs/daemon.md, "Memory model"): per known manifest a {@link Known} summary (CID,
 * sequence, time) in a set sorted newest first, so the {@code k} newest cost O(k) to list; the
 * full {@link SignedManifest}s (about 6 KB each with the ML-DSA key and signature) only in a cache
 * of {@link #MANIFEST_CACHE} entries, re-read from the store ({@link ManifestReader}) when needed;
 * receipts for at most {@link #RECEIPT_MANIFESTS} snapshots (the highest sequences), one per site.
 */
public final class SwarmState {
    /** Full manifests kept in the heap (the rest are re-read from the store). */
    public static final int MANIFEST_CACHE = 64;
    /** Snapshots whose receipts are kept (those of the highest sequence numbers), each with one receipt per site. */
    public static final int RECEIPT_MANIFESTS = 256;

    /** This node's progress on one snapshot: blocks held of the index. */
    public record Progress(long held, long total, boolean complete) {}

    /** What a peer last said (anti-entropy) about the snapshots it is still fetching, and when. */
    public record PeerProgress(Map<Cid, PartialHolding> partial, Instant at) {}

    /** What this process fetched to complete one snapshot (blocks already held are not counted). */
    public record Fetched(long blocks, long bytes, long badBlocks) {}

    /** A known manifest in a few words: what ordering and listing need ({@code ManifestOrder}'s keys). */
    public record Known(Cid cid, long sequence, long timeMillis) {
        static Known of(Cid cid, SignedManifest m) {
            return new Known(cid, m.manifest().sequence(), m.manifest().time().toEpochMilli());
        }
    }

    /** Reads a manifest this node admitted earlier back from its store. */
    @FunctionalInterface
    public interface ManifestReader {
        SignedManifest read(Cid cid) throws IOException;
    }

    /** {@code ManifestOrder}, newest first. */
    static final Comparator<Known> NEWEST_FIRST = Comparator.comparingLong(Known::sequence).thenComparingLong(Known::timeMillis)
            .thenComparing(Known::cid).reversed();

    private static final System.Logger LOG = System.getLogger(SwarmState.class.getName());

    private final ManifestReader reader;
    private final Map<Cid, Known> known = new HashMap<>();
    private final TreeSet<Known> order = new TreeSet<>(NEWEST_FIRST);
    private final Map<Cid, SignedManifest> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, SignedManifest> eldest) {
            return size() > MANIFEST_CACHE;
        }
    };
    private final Map<Cid, Map<PeerId, ReplicationReceipt>> receipts = new HashMap<>();
    private final Map<PeerId, Instant> lastSeen = new HashMap<>();
    private final Map<Cid, Progress> progress = new HashMap<>();
    private final Map<Cid, Fetched> fetched = new HashMap<>();
    private final Map<PeerId, PeerProgress> peerProgress = new HashMap<>();

    /** @param reader reads manifests back from the store when they have left the cache */
    public SwarmState(ManifestReader reader) {
        this.reader = reader;
    }

    /** Adds a verified manifest (which must be in the store); true when it was new. */
    public synchronized boolean addManifest(Cid cid, SignedManifest m) {
        cache.put(cid, m);
        if (known.containsKey(cid)) return false;
        Known k = Known.of(cid, m);
        known.put(cid, k);
        order.add(k);
        return true;
    }

    /** The manifest, from the cache or re-read from the store; empty when unknown or unreadable. */
    public Optional<SignedManifest> manifest(Cid cid) {
        synchronized (this) {
            if (!known.containsKey(cid)) return Optional.empty();
            SignedManifest m = cache.get(cid);
            if (m != null) return Optional.of(m);
        }
        try {
            SignedManifest m = reader.read(cid); // outside the lock: a store read
            synchronized (this) {
                cache.put(cid, m);
            }
            return Optional.of(m);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "known manifest " + cid + " cannot be read back from the store: " + e.getMessage());
            return Optional.empty();
        }
    }

    public synchronized boolean knows(Cid cid) {
        return known.containsKey(cid);
    }

    public synchronized int knownCount() {
        return known.size();
    }

    /** Full manifests in the heap now (at most {@link #MANIFEST_CACHE}). */
    public synchronized int cachedManifests() {
        return cache.size();
    }

    /** The {@code k} newest known manifests ({@code ManifestOrder}), newest first: O(k). */
    public synchronized List<Known> newestFirst(int k) {
        List<Known> out = new ArrayList<>(Math.min(k, order.size()));
        Iterator<Known> it = order.iterator();
        while (out.size() < k && it.hasNext()) out.add(it.next());
        return out;
    }

    /** Every known manifest, newest first (a listing: O(known)). */
    public synchronized List<Known> newestFirst() {
        return new ArrayList<>(order);
    }

    public Optional<Map.Entry<Cid, SignedManifest>> latest() {
        Known k;
        synchronized (this) {
            if (order.isEmpty()) return Optional.empty();
            k = order.first();
        }
        return manifest(k.cid()).map(m -> Map.entry(k.cid(), m));
    }

    /**
     * Records a verified receipt; true when it was news (a newer receipt of that site for that
     * snapshot, among the {@link #RECEIPT_MANIFESTS} snapshots of highest sequence whose receipts are kept).
     */
    public synchronized boolean addReceipt(ReplicationReceipt r) {
        seen(r.site(), Instant.ofEpochMilli(r.verifiedAtMillis()));
        Map<PeerId, ReplicationReceipt> bySite = receipts.get(r.manifest());
        if (bySite == null) {
            if (receipts.size() >= RECEIPT_MANIFESTS) {
                Cid lowest = lowestReceiptManifest();
                if (sequenceOf(lowest) >= r.sequence()) return false; // older than every snapshot kept
                receipts.remove(lowest);
            }
            bySite = new HashMap<>();
            receipts.put(r.manifest(), bySite);
        }
        ReplicationReceipt old = bySite.get(r.site());
        if (old != null && old.verifiedAtMillis() >= r.verifiedAtMillis()) return false;
        bySite.put(r.site(), r);
        return true;
    }

    private Cid lowestReceiptManifest() {
        Cid lowest = null;
        long seq = Long.MAX_VALUE;
        for (var e : receipts.entrySet()) {
            long s = sequenceOf(e.getKey());
            if (lowest == null || s < seq) {
                lowest = e.getKey();
                seq = s;
            }
        }
        return lowest;
    }

    private long sequenceOf(Cid manifest) {
        long s = Long.MIN_VALUE;
        for (ReplicationReceipt r : receipts.get(manifest).values()) s = Math.max(s, r.sequence());
        return s;
    }

    public synchronized Map<PeerId, ReplicationReceipt> receipts(Cid manifest) {
        return new LinkedHashMap<>(receipts.getOrDefault(manifest, Map.of()));
    }

    /** Every receipt kept: at most {@link #RECEIPT_MANIFESTS} snapshots × the swarm's sites. */
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
