package io.phoenix.protocol.manifest;

import io.phoenix.protocol.multiformats.Cid;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which manifest is "latest": the highest sequence, then the latest time, then the greatest CID
 * (unsigned bytewise). A total order, so every node picks the same head after a partition.
 * Ascending: the latest compares greatest.
 */
public final class ManifestOrder implements Comparator<SignedManifest> {
    public static final ManifestOrder INSTANCE = new ManifestOrder();

    private ManifestOrder() {}

    @Override
    public int compare(SignedManifest a, SignedManifest b) {
        return compare(a.manifest().sequence(), a.manifest().time(), a.cid(), b.manifest().sequence(), b.manifest().time(), b.cid());
    }

    /** The same order from the three fields it reads, for callers that keep only those. */
    public static int compare(long sequenceA, Instant timeA, Cid cidA, long sequenceB, Instant timeB, Cid cidB) {
        int c = Long.compare(sequenceA, sequenceB);
        if (c != 0) return c;
        c = timeA.compareTo(timeB);
        return c != 0 ? c : cidA.compareTo(cidB);
    }

    public static Optional<SignedManifest> latest(Collection<SignedManifest> manifests) {
        return manifests.stream().max(INSTANCE);
    }
}
