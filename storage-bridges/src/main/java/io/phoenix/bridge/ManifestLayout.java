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
 * blocks and index pages), then every block each index page lists, page by page. Parent manifests
 * are not part of a snapshot (the manifest stores them as bytes, not links). Reads only the
 * manifest and the index pages, never data blocks, and needs no key. Holds the manifest's links
 * (at most 64 layers and 20,000 pages) and one decoded page at a time.
 */
public final class ManifestLayout implements SnapshotLayout {
    @Override
    public void forEachBlock(Cid root, BlockSource source, BlockVisitor visitor) throws IOException {
        SignedManifest manifest = SignedManifest.decode(root, source.get(root));
        visitor.visit(root);
        Set<Cid> links = new LinkedHashSet<>();
        links.add(root);
        List<Cid> pages = new ArrayList<>();
        for (Cid link : manifest.links()) {
            if (!links.add(link)) continue;
            visitor.visit(link);
            if (link.codec() == Cid.DAG_CBOR) pages.add(link);
        }
        for (Cid page : pages) {
            for (Cid block : IndexPage.decode(page, source.get(page)).blocks()) {
                if (!links.contains(block)) visitor.visit(block); // a layer root is listed by a page too
            }
        }
    }
}
