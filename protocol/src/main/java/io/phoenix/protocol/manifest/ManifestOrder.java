package io.phoenix.protocol.manifest;

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
        int c = Long.compare(a.manifest().sequence(), b.manifest().sequence());
        if (c != 0) return c;
        c = a.manifest().time().compareTo(b.manifest().time());
        if (c != 0) return c;
        return a.cid().compareTo(b.cid());
    }

    public static Optional<SignedManifest> latest(Collection<SignedManifest> manifests) {
        return manifests.stream().max(INSTANCE);
    }
}
