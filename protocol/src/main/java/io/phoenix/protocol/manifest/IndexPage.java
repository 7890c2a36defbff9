package io.phoenix.protocol.manifest;

import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.ipld.DagCborException;
import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One page of a snapshot's block index: DAG-CBOR {@code {"v": 1, "blocks": [link, …]}} with at
 * most {@link #CAPACITY} raw-block links (~672 KB encoded), readable without the data key.
 */
public record IndexPage(List<Cid> blocks) {
    public static final int VERSION = 1;
    public static final int CAPACITY = 16_384;
    public static final int MAX_BYTES = 1024 * 1024;

    public IndexPage {
        blocks = List.copyOf(blocks);
        if (blocks.size() > CAPACITY) throw new IllegalArgumentException("index page holds at most " + CAPACITY + " blocks");
        for (Cid c : blocks) {
            if (c.version() != 1 || c.codec() != Cid.RAW) throw new IllegalArgumentException("index page entries must be raw-block CIDv1: " + c);
        }
    }

    public byte[] encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("blocks", new ArrayList<Object>(blocks));
        return DagCbor.encode(m);
    }

    public Cid cid() {
        return Cid.of(Cid.DAG_CBOR, encode());
    }

    public static IndexPage decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new ManifestFormatException("index page of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        Object root;
        try {
            root = DagCbor.decode(bytes);
        } catch (DagCborException e) {
            throw new ManifestFormatException("index page is not canonical DAG-CBOR: " + e.getMessage(), e);
        }
        DagFields f = new DagFields("index page", root, Set.of("v", "blocks"));
        long v = f.nonNegative("v");
        if (v != VERSION) throw new ManifestFormatException("index page version " + v + " is not supported");
        IndexPage page = new IndexPage(f.links("blocks", Cid.RAW, CAPACITY));
        if (!Arrays.equals(page.encode(), bytes)) throw new ManifestFormatException("index page encoding is not canonical");
        return page;
    }

    /** Decodes bytes fetched by CID, checking they hash to it first. */
    public static IndexPage decode(Cid cid, byte[] bytes) {
        if (cid.codec() != Cid.DAG_CBOR) throw new ManifestFormatException("CID " + cid + " is not a dag-cbor CID");
        if (!cid.verifies(bytes)) throw new ManifestFormatException("index page bytes do not hash to " + cid);
        return decode(bytes);
    }
}
