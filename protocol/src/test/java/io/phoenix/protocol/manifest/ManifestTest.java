package io.phoenix.protocol.manifest;

import static io.phoenix.protocol.manifest.ManifestFixtures.SIGNER;
import static io.phoenix.protocol.manifest.ManifestFixtures.manifest;
import static io.phoenix.protocol.manifest.ManifestFixtures.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTest {
    @Test
    void signedManifestRoundTripsAndVerifies() {
        Cid parent = Cid.of(Cid.DAG_CBOR, new byte[] {1});
        SignedManifest s = SIGNER.sign(manifest(7, List.of(parent), List.of(new IndexPage(List.of(raw("x"))).cid())));
        s.verify();
        byte[] bytes = s.encode();
        SignedManifest back = SignedManifest.decode(s.cid(), bytes);
        assertEquals(s, back);
        back.verify();
        assertEquals(Cid.DAG_CBOR, s.cid().codec());
        List<Cid> links = s.links();
        assertEquals(4, links.size());
        assertTrue(links.containsAll(s.manifest().layers().values()));
        assertTrue(links.containsAll(s.manifest().indexPages()));
        assertTrue(!links.contains(parent), "parents are not DAG links");
    }

    @Test
    void forgedManifestIsRejected() {
        SignedManifest s = SIGNER.sign(manifest(7, List.of(), List.of()));
        Manifest m = s.manifest();
        Manifest altered = new Manifest(m.swarmId(), m.dataset(), m.sequence() + 1, m.time(), m.parents(), m.author(), m.layers(), m.totals(), m.indexPages());
        SignedManifest forged = new SignedManifest(altered, s.ed25519Signature(), s.mlDsa65Signature());
        ManifestSignatureException e = assertThrows(ManifestSignatureException.class, forged::verify);
        assertTrue(e.getMessage().contains("neither"), e.getMessage());

        // a valid Ed25519 signature but a forged ML-DSA one
        SignedManifest honest = SIGNER.sign(altered);
        byte[] pq = honest.mlDsa65Signature();
        pq[100] ^= 1;
        e = assertThrows(ManifestSignatureException.class, () -> new SignedManifest(altered, honest.ed25519Signature(), pq).verify());
        assertTrue(e.getMessage().contains("ML-DSA-65 signature invalid"), e.getMessage());

        byte[] ed = honest.ed25519Signature();
        ed[0] ^= 1;
        e = assertThrows(ManifestSignatureException.class, () -> new SignedManifest(altered, ed, honest.mlDsa65Signature()).verify());
        assertTrue(e.getMessage().contains("Ed25519 signature invalid"), e.getMessage());

        // someone else's keys claiming the author's peer id
        ManifestSigner mallory = new ManifestSigner(ManifestFixtures.seed(9), MlDsa65KeyPair.fromSeed(ManifestFixtures.seed(10)));
        Author claimed = new Author(SIGNER.author().peerId(), mallory.author().ed25519PublicKey(), mallory.author().mlDsa65PublicKey());
        Manifest stolen = new Manifest(m.swarmId(), m.dataset(), m.sequence(), m.time(), m.parents(), claimed, m.layers(), m.totals(), m.indexPages());
        e = assertThrows(ManifestSignatureException.class, () -> new SignedManifest(stolen, new byte[64], new byte[3309]).verify());
        assertTrue(e.getMessage().contains("peer id"), e.getMessage());
    }

    @Test
    void nonCanonicalOrUnknownFieldsAreRejected() {
        SignedManifest s = SIGNER.sign(manifest(1, List.of(), List.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> dag = (Map<String, Object>) io.phoenix.protocol.ipld.DagCbor.decode(s.encode());
        Map<String, Object> extra = new LinkedHashMap<>(dag);
        extra.put("zzz", 1L);
        assertThrows(ManifestFormatException.class, () -> SignedManifest.decode(io.phoenix.protocol.ipld.DagCbor.encode(extra)));
        Map<String, Object> missing = new LinkedHashMap<>(dag);
        missing.remove("seq");
        assertThrows(ManifestFormatException.class, () -> SignedManifest.decode(io.phoenix.protocol.ipld.DagCbor.encode(missing)));
        Map<String, Object> v2 = new LinkedHashMap<>(dag);
        v2.put("v", 2L);
        ManifestFormatException e = assertThrows(ManifestFormatException.class, () -> SignedManifest.decode(io.phoenix.protocol.ipld.DagCbor.encode(v2)));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void latestIsHighestSequenceThenTimeThenCid() {
        SignedManifest a = SIGNER.sign(manifest(5, List.of(), List.of()));
        SignedManifest b = SIGNER.sign(manifest(6, List.of(), List.of()));
        Manifest bm = b.manifest();
        SignedManifest bLater = SIGNER.sign(new Manifest(bm.swarmId(), bm.dataset(), 6, bm.time().plusSeconds(1), bm.parents(), bm.author(), bm.layers(), bm.totals(), bm.indexPages()));
        SignedManifest bOther = SIGNER.sign(new Manifest(bm.swarmId(), "other", 6, bm.time().plusSeconds(1), bm.parents(), bm.author(), bm.layers(), bm.totals(), bm.indexPages()));
        assertEquals(b, ManifestOrder.latest(List.of(a, b)).orElseThrow());
        assertEquals(bLater, ManifestOrder.latest(List.of(bLater, a, b)).orElseThrow());
        SignedManifest tie = bLater.cid().compareTo(bOther.cid()) > 0 ? bLater : bOther;
        assertEquals(tie, ManifestOrder.latest(List.of(bLater, bOther)).orElseThrow());
        assertEquals(tie, ManifestOrder.latest(List.of(bOther, bLater)).orElseThrow());
    }

    @Test
    void indexWriterPagesEveryBlock() throws IOException {
        Map<Cid, byte[]> pages = new LinkedHashMap<>();
        IndexWriter w = new IndexWriter(pages::put);
        List<Cid> blocks = new ArrayList<>();
        for (int i = 0; i < IndexPage.CAPACITY * 2 + 5; i++) {
            Cid c = raw("block " + i);
            blocks.add(c);
            w.add(c);
        }
        List<Cid> pageCids = w.finish();
        assertEquals(3, pageCids.size());
        List<Cid> back = new ArrayList<>();
        for (Cid p : pageCids) {
            byte[] bytes = pages.get(p);
            assertTrue(bytes.length <= 1024 * 1024);
            back.addAll(IndexPage.decode(p, bytes).blocks());
        }
        assertEquals(blocks, back);
    }

    @Test
    void timeKeepsMillisecondPrecision() {
        Manifest m = manifest(1, List.of(), List.of());
        Manifest fine = new Manifest(m.swarmId(), m.dataset(), 1, Instant.ofEpochSecond(1_764_000_000L, 123_456_789), m.parents(), m.author(), m.layers(), m.totals(), m.indexPages());
        assertEquals(Instant.ofEpochSecond(1_764_000_000L, 123_000_000), fine.time());
        SignedManifest s = SIGNER.sign(fine);
        assertArrayEquals(s.encode(), SignedManifest.decode(s.encode()).encode());
    }
}
