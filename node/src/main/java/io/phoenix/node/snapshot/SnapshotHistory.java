package io.phoenix.node.snapshot;

import io.phoenix.protocol.manifest.ManifestOrder;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockNotFoundException;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The snapshots reachable from the heads, read from the block store. Every manifest is decoded
 * against its CID and both signatures are verified; one that fails is reported, not used.
 * "Latest" is {@link ManifestOrder}: highest sequence, then time, then CID.
 */
public final class SnapshotHistory {
    /**
     * A snapshot: its manifest CID, the fields that order it, and its signed manifest. A history
     * loaded from a store keeps only the CID and those fields (a few dozen bytes) and reads the
     * manifest again when {@link #signed} is called: a manifest lists its index pages (one CID per
     * 16,384 blocks, ~150 KB of heap for a 20-million-block snapshot), so holding every manifest of
     * years of daily snapshots would grow the heap with snapshots x blocks.
     */
    public static final class Snapshot {
        private final Cid cid;
        private final long sequence;
        private final Instant time;
        private final BlockStore store;
        private final SignedManifest held;

        /** A snapshot whose manifest is held in memory. */
        public Snapshot(Cid cid, SignedManifest signed) {
            this(cid, signed.manifest().sequence(), signed.manifest().time(), null, signed);
        }

        private Snapshot(Cid cid, long sequence, Instant time, BlockStore store, SignedManifest held) {
            this.cid = cid;
            this.sequence = sequence;
            this.time = time;
            this.store = store;
            this.held = held;
        }

        public Cid cid() {
            return cid;
        }

        public long sequence() {
            return sequence;
        }

        public Instant time() {
            return time;
        }

        /**
         * The signed manifest: held, or read and decoded again from the store (its signatures were
         * verified when the history was loaded). A manifest block that has gone since is an
         * {@link UncheckedIOException}.
         */
        public SignedManifest signed() {
            if (held != null) return held;
            try {
                return SignedManifest.decode(cid, store.get(cid));
            } catch (IOException e) {
                throw new UncheckedIOException("manifest " + cid + " no longer readable: " + e.getMessage(), e);
            }
        }

        /** {@link ManifestOrder}: ascending, the latest compares greatest. */
        static final Comparator<Snapshot> ORDER = (a, b) -> ManifestOrder.compare(a.sequence, a.time, a.cid, b.sequence, b.time, b.cid);

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && s.cid.equals(cid);
        }

        @Override
        public int hashCode() {
            return cid.hashCode();
        }

        @Override
        public String toString() {
            return "Snapshot[" + cid + ", seq " + sequence + "]";
        }
    }

    private final Map<Cid, Snapshot> all = new LinkedHashMap<>();
    private final List<Snapshot> heads = new ArrayList<>();
    private final Map<Cid, String> broken = new LinkedHashMap<>();
    private final List<Cid> readableHeadFiles = new ArrayList<>();

    private SnapshotHistory() {}

    public static SnapshotHistory load(BlockStore store, Heads headsDir) throws IOException {
        return load(store, headsDir, null);
    }

    /**
     * As {@link #load(BlockStore, Heads)}; manifests in {@code verified} (may be null) are not
     * signature-checked again, and the ones checked now are added to it.
     */
    public static SnapshotHistory load(BlockStore store, Heads headsDir, VerifiedManifests verified) throws IOException {
        SnapshotHistory h = new SnapshotHistory();
        Set<Cid> headCids = headsDir.list();
        Deque<Cid> todo = new ArrayDeque<>(headCids);
        Set<Cid> parents = new HashSet<>();
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (h.all.containsKey(cid) || h.broken.containsKey(cid)) continue;
            try {
                SignedManifest m = SignedManifest.decode(cid, store.get(cid));
                if (verified == null || !verified.contains(cid)) {
                    m.verify();
                    if (verified != null) verified.add(cid);
                }
                h.all.put(cid, new Snapshot(cid, m.manifest().sequence(), m.manifest().time(), store, null));
                parents.addAll(m.manifest().parents());
                todo.addAll(m.manifest().parents());
            } catch (BlockNotFoundException e) {
                h.broken.put(cid, "manifest block missing from the store");
            } catch (IOException | RuntimeException e) {
                h.broken.put(cid, e.getMessage());
            }
        }
        for (Cid c : headCids) {
            Snapshot s = h.all.get(c);
            if (s != null) h.readableHeadFiles.add(c);
            if (s != null && !parents.contains(c)) h.heads.add(s);
        }
        return h;
    }

    /** Every readable snapshot, latest first. */
    public List<Snapshot> newestFirst() {
        List<Snapshot> out = new ArrayList<>(all.values());
        out.sort(Snapshot.ORDER.reversed());
        return out;
    }

    /** The heads (snapshots without children), superseded head files ignored. */
    public List<Snapshot> heads() {
        return List.copyOf(heads);
    }

    /**
     * Every head file whose manifest is readable: the heads plus superseded ones left by a crash
     * between creating a new head and removing its parents. A new snapshot replaces all of them.
     */
    public List<Cid> readableHeadFiles() {
        return List.copyOf(readableHeadFiles);
    }

    public Optional<Snapshot> latest() {
        return heads.stream().max(Snapshot.ORDER);
    }

    /** Manifests that are referenced but could not be read or verified, with the reason. */
    public Map<Cid, String> broken() {
        return Map.copyOf(broken);
    }

    /**
     * A snapshot by "latest", full CID text, or a unique prefix of the CID text (at least 8
     * characters); empty when nothing (or more than one) matches.
     */
    public Optional<Snapshot> resolve(String text) {
        if (text.equals("latest")) return latest();
        List<Snapshot> matches = new ArrayList<>();
        for (Snapshot s : all.values()) {
            String id = s.cid().toString();
            if (id.equals(text)) return Optional.of(s);
            if (text.length() >= 8 && id.startsWith(text)) matches.add(s);
        }
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }
}
