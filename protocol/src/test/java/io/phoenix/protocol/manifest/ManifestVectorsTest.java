package io.phoenix.protocol.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Fixed byte-level vectors for index pages and manifests. */
class ManifestVectorsTest {
    @Test
    void indexPageMatchesTheJavaScriptReference() {
        // computed by @ipld/dag-cbor 10.0.2 + multiformats 14.0.5 (src/test/js-vectors/vectors.mjs)
        IndexPage page = new IndexPage(List.of(Cid.ofRaw("hello".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("a261760166626c6f636b7381d82a582500015512202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                HexFormat.of().formatHex(page.encode()));
        assertEquals("bafyreigpbby3tjqamqjzps5t32jkjh3x7e47e5cii457dpmcqohin67auq", page.cid().toString());
    }

    @Test
    void manifestWithFixedKeysIsPinned() {
        // Both signatures are deterministic, so the whole encoding is fixed. The encoding itself is
        // checked against the JavaScript reference by IpldInteropIT; this pin catches drift.
        ManifestSigner s = new ManifestSigner(new byte[32], MlDsa65KeyPair.fromSeed(new byte[32]));
        assertEquals("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN", s.author().peerId().toString());
        TreeMap<String, Cid> layers = new TreeMap<>();
        layers.put("mind", Cid.ofRaw(new byte[] {1}));
        IndexPage page = new IndexPage(List.of(Cid.ofRaw("hello".getBytes(StandardCharsets.US_ASCII))));
        SignedManifest m = s.sign(new Manifest("swarm", "data", 1, Instant.ofEpochMilli(1_764_000_000_000L), List.of(), s.author(), layers,
                new Totals(1, 2, 3), List.of(page.cid())));
        assertEquals(5646, m.encode().length);
        assertEquals("bafyreidr2vcjkes22al74k4ncwgumblbcgnmesdp46xx43t35gvd3o2num", m.cid().toString());
        m.verify();
    }
}
