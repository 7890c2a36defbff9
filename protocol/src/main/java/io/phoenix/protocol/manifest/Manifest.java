package io.phoenix.protocol.manifest;

import io.phoenix.protocol.crypto.Ed25519;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.PeerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The unsigned body of a snapshot manifest (DAG-CBOR map, layout in docs/format.md).
 *
 * @param swarmId    the swarm this snapshot belongs to
 * @param dataset    dataset name
 * @param sequence   snapshot sequence number (parent's + 1)
 * @param time       snapshot time, millisecond precision (finer parts are dropped)
 * @param parents    CIDs of the parent manifests (dag-cbor), stored as plain bytes, not links
 * @param author     the writer
 * @param layers     layer name → CID of the layer's root tree block (raw), links
 * @param totals     totals
 * @param indexPages CIDs of the index pages (dag-cbor) listing every block the snapshot needs, links
 */
public record Manifest(String swarmId, String dataset, long sequence, Instant time, List<Cid> parents, Author author,
                       SortedMap<String, Cid> layers, Totals totals, List<Cid> indexPages) {
    public static final int VERSION = 1;
    /** Prepended to the DAG-CBOR body to form the signing payload. */
    public static final String SIGNING_PREFIX = "phoenix/v1/manifest-signature\n";
    public static final int MAX_TEXT = 256;
    public static final int MAX_PARENTS = 64;
    public static final int MAX_LAYERS = 64;
    /** Keeps the encoded manifest under 1 MiB: 20,000 pages x 16,384 blocks = 327 million blocks. */
    public static final int MAX_INDEX_PAGES = 20_000;

    static final Set<String> KEYS = Set.of("v", "swarm", "dataset", "seq", "time", "parents", "author", "layers", "totals", "index", "sig");

    public Manifest {
        checkText(swarmId, "swarmId");
        checkText(dataset, "dataset");
        if (sequence < 0) throw new IllegalArgumentException("negative sequence");
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
        if (time.toEpochMilli() < 0) throw new IllegalArgumentException("time before the Unix epoch");
        parents = List.copyOf(parents);
        if (parents.size() > MAX_PARENTS) throw new IllegalArgumentException("more than " + MAX_PARENTS + " parents");
        for (Cid p : parents) requireCodec(p, Cid.DAG_CBOR, "parent");
        Objects.requireNonNull(author, "author");
        if (layers.size() > MAX_LAYERS) throw new IllegalArgumentException("more than " + MAX_LAYERS + " layers");
        TreeMap<String, Cid> l = new TreeMap<>();
        for (Map.Entry<String, Cid> e : layers.entrySet()) {
            checkText(e.getKey(), "layer name");
            requireCodec(e.getValue(), Cid.RAW, "layer root");
            l.put(e.getKey(), e.getValue());
        }
        layers = Collections.unmodifiableSortedMap(l);
        Objects.requireNonNull(totals, "totals");
        indexPages = List.copyOf(indexPages);
        if (indexPages.size() > MAX_INDEX_PAGES) throw new IllegalArgumentException("more than " + MAX_INDEX_PAGES + " index pages");
        for (Cid p : indexPages) requireCodec(p, Cid.DAG_CBOR, "index page");
    }

    /** The exact bytes both signatures cover: {@link #SIGNING_PREFIX} ‖ DAG-CBOR of the body (no {@code sig}). */
    public byte[] signingPayload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNING_PREFIX.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(DagCbor.encode(toDag()));
        return out.toByteArray();
    }

    /** The body as a DAG-CBOR data model map (without {@code sig}). */
    Map<String, Object> toDag() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", (long) VERSION);
        m.put("swarm", swarmId);
        m.put("dataset", dataset);
        m.put("seq", sequence);
        m.put("time", time.toEpochMilli());
        List<Object> ps = new ArrayList<>();
        for (Cid p : parents) ps.add(p.toBytes());
        m.put("parents", ps);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("peer", author.peerId().toBytes());
        a.put("ed25519", author.ed25519PublicKey());
        a.put("mldsa65", author.mlDsa65PublicKey());
        m.put("author", a);
        m.put("layers", new LinkedHashMap<String, Object>(layers));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("files", totals.files());
        t.put("bytes", totals.bytes());
        t.put("blocks", totals.blocks());
        m.put("totals", t);
        m.put("index", new ArrayList<Object>(indexPages));
        return m;
    }

    static Manifest fromDag(DagFields f) {
        long v = f.nonNegative("v");
        if (v != VERSION) throw new ManifestFormatException("manifest version " + v + " is not supported (this build reads version " + VERSION + ")");
        List<Cid> parents = new ArrayList<>();
        for (Object o : f.list("parents", MAX_PARENTS)) {
            if (!(o instanceof byte[] b)) throw new ManifestFormatException("manifest.parents holds a non-bytes value");
            Cid c;
            try {
                c = Cid.fromBytes(b);
            } catch (FormatException e) {
                throw new ManifestFormatException("manifest.parents holds an invalid CID: " + e.getMessage(), e);
            }
            f.checkCodec(c, "parents", Cid.DAG_CBOR);
            parents.add(c);
        }
        DagFields a = new DagFields("manifest.author", f.value("author"), Set.of("peer", "ed25519", "mldsa65"));
        PeerId peer;
        try {
            peer = PeerId.fromBytes(a.bytes("peer", -1));
        } catch (FormatException e) {
            throw new ManifestFormatException("manifest.author.peer is not a peer id: " + e.getMessage(), e);
        }
        Author author = new Author(peer, a.bytes("ed25519", Ed25519.PUBLIC_KEY_LENGTH), a.bytes("mldsa65", MlDsa65KeyPair.PUBLIC_KEY_LENGTH));
        if (!(f.value("layers") instanceof Map<?, ?> lm)) throw new ManifestFormatException("manifest.layers is not a map");
        if (lm.size() > MAX_LAYERS) throw new ManifestFormatException("manifest.layers has more than " + MAX_LAYERS + " layers");
        TreeMap<String, Cid> layers = new TreeMap<>();
        for (Map.Entry<?, ?> e : lm.entrySet()) {
            String name = (String) e.getKey();
            if (name.isEmpty() || name.length() > MAX_TEXT) throw new ManifestFormatException("manifest.layers has an invalid layer name");
            layers.put(name, f.link(e.getValue(), "layers." + name, Cid.RAW));
        }
        DagFields t = new DagFields("manifest.totals", f.value("totals"), Set.of("files", "bytes", "blocks"));
        Totals totals = new Totals(t.nonNegative("files"), t.nonNegative("bytes"), t.nonNegative("blocks"));
        long time = f.nonNegative("time");
        try {
            return new Manifest(f.text("swarm", MAX_TEXT), f.text("dataset", MAX_TEXT), f.nonNegative("seq"),
                    Instant.ofEpochMilli(time), parents, author, layers, totals, f.links("index", Cid.DAG_CBOR, MAX_INDEX_PAGES));
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException("invalid manifest: " + e.getMessage(), e);
        }
    }

    private static void checkText(String s, String what) {
        if (s == null || s.isEmpty() || s.length() > MAX_TEXT) throw new IllegalArgumentException(what + " must be 1.." + MAX_TEXT + " characters");
    }

    private static void requireCodec(Cid c, int codec, String what) {
        Objects.requireNonNull(c, what);
        if (c.version() != 1 || c.codec() != codec) throw new IllegalArgumentException(what + " CID " + c + " must be CIDv1 with codec 0x" + Integer.toHexString(codec));
    }
}
