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
 *
 * <p>Memory: only the CID, sequence and time of each snapshot stay in the heap; its manifest is
 * read from the store again (and checked against its CID, as every read is) when
 * {@link Snapshot#signed()} asks for it. A whole manifest is ~4.4 KB of signatures and keys plus
 * 163 bytes per index page (one per 16,384 blocks), so keeping them all made the heap of every
 * command and of a writer's start grow with snapshots × blocks (measured: docs/benchmarks.md,
 * "Scale").
 */
public final class SnapshotHistory {
    /**
     * A snapshot: its manifest CID, sequence and time, and the signed manifest, read from the store
     * when asked for (a manifest given to the constructor is kept instead).
     */
    public static final class Snapshot {
        private final Cid cid;
        private final long sequence;
        private final Instant time;
        private final SignedManifest kept;
        private final BlockStore store;

        /** A snapshot that keeps its manifest (tests, and callers that have it at hand). */
        public Snapshot(Cid cid, SignedManifest signed) {
            this(cid, signed, signed, null);
        }

        private Snapshot(Cid cid, SignedManifest read, SignedManifest kept, BlockStore store) {
            this.cid = cid;
            this.sequence = read.manifest().sequence();
            this.time = read.manifest().time();
            this.kept = kept;
            this.store = store;
        }

        public Cid cid() {
            return cid;
        }

        /**
         * The signed manifest, read again from the store; its signatures were checked when the
         * history was loaded. An {@link UncheckedIOException} if the store no longer gives it.
         */
        public SignedManifest signed() {
            if (kept != null) return kept;
            try {
                return SignedManifest.decode(cid, store.get(cid));
            } catch (IOException e) {
                throw new UncheckedIOException("manifest " + cid + " no longer readable: " + e.getMessage(), e);
            }
        }

        /** {@link ManifestOrder} on what is kept: sequence, then time, then CID. */
        static final Comparator<Snapshot> ORDER = Comparator.comparingLong((Snapshot s) -> s.sequence)
                .thenComparing(s -> s.time).thenComparing(s -> s.cid);
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
        Set<Cid> parents = new HashSet<>();
        Set<Cid> headCids = headsDir.list();
        Deque<Cid> todo = new ArrayDeque<>(headCids);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (h.all.containsKey(cid) || h.broken.containsKey(cid)) continue;
            try {
                SignedManifest m = SignedManifest.decode(cid, store.get(cid));
                if (verified == null || !verified.contains(cid)) {
                    m.verify();
                    if (verified != null) verified.add(cid);
                }
                h.all.put(cid, new Snapshot(cid, m, null, store));
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
