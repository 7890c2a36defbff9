package io.phoenix.bridge;

import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The layout of a Phoenix snapshot: the signed manifest (decoded and checked against its CID and
 * structure, not its signatures, which are the node's business), then its links (layer root tree
 * blocks and index pages), then every block each index page lists. Parent manifests are not part
 * of a snapshot (the manifest stores them as bytes, not links). Reads only the manifest and the
 * index pages, never data blocks, and needs no key.
 */
public final class ManifestLayout implements SnapshotLayout {
    @Override
    public List<Cid> blocksOf(Cid root, BlockSource source) throws IOException {
        SignedManifest manifest = SignedManifest.decode(root, source.get(root));
        Set<Cid> out = new LinkedHashSet<>();
        out.add(root);
        List<Cid> pages = new ArrayList<>();
        for (Cid link : manifest.links()) {
            out.add(link);
            if (link.codec() == Cid.DAG_CBOR) pages.add(link);
        }
        for (Cid page : pages) out.addAll(IndexPage.decode(page, source.get(page)).blocks());
        return List.copyOf(out);
    }
}
