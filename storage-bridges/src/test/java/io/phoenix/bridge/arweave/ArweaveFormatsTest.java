package io.phoenix.bridge.arweave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors computed with arweave-js 1.15.7 ({@code deepHash}, {@code merkle.computeRootHash},
 * {@code generateTransactionChunks}) on the data below, plus round trips and attacks.
 */
class ArweaveFormatsTest {
    static byte[] data(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7919 + (i >>> 8) * 31 + (i >>> 16) * 131);
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deepHashMatchesArweaveJs() {
        byte[] h = DeepHash.of(List.of(utf8("2"), data(5), new byte[0], List.of(List.of(utf8("App-Name"), utf8("Phoenix")))));
        assertEquals("22125c1b8e30e9feb170981e55a6bda5212d78efd6b7b2d964e11d9c71568c947fc656d69e5072ec51e00902ca8fbd6e",
                HexFormat.of().formatHex(h));
    }

    @Test
    void dataRootsMatchArweaveJs() {
        Object[][] vectors = {
            {1, "1edff26615c60435197cbbf8383eb07bb164ae37290e918fc1064466010955f9", 1, 0L},
            {1000, "c850d64fe778bdfb83453080d1b38b3aca1004c1d31469ba7448ae3a21be8c46", 1, 999L},
            {262144, "5c17d454e8542f6bf982d4788d493d2957d83e85ac818e44d98dbe37d0b7a464", 1, 262143L},
            {262244, "a80d0c36e35db979d7acb5577692b39f30f29663b187eb5ddff70ab2ed910221", 2, 262243L},
            {600000, "4876d69261ba9fbc2800d6f90e6558a3736da730ca1fde450d7d9f81ea97cd91", 3, 599999L},
            {524288, "36926bd280b310d69ab60ee3f807df422adba1597e4a650b360c2fdf4e671813", 2, 524287L},
            // a last chunk under 32 KiB evens out the last two (MIN_CHUNK_SIZE of the arweave-js 1.15 release)
            {269663, "56299df570c05bd700b886fa42c0f3627813c507f0ff34bd3dee43fe31bb6d66", 2, 269662L},
            {294911, "23d7a2128a28f6daae950f74b798ef5a11baa27c53a66cc502b9e919ffa5a8c5", 2, 294910L},
        };
        for (Object[] v : vectors) {
            ArweaveMerkle.Tree t = ArweaveMerkle.of(data((Integer) v[0]));
            assertEquals(v[1], HexFormat.of().formatHex(t.dataRoot()), "size " + v[0]);
            assertEquals(v[2], t.chunks().size(), "chunks of " + v[0]);
            assertEquals(v[3], t.proofs().get(t.proofs().size() - 1).offset(), "last offset of " + v[0]);
        }
        assertEquals("06d2a8d890c13a0d00dedce29fa25719",
                HexFormat.of().formatHex(ArweaveMerkle.of(data(600000)).proofs().get(0).path()).substring(0, 32));
    }

    @Test
    void walletJwkRoundTripsAndSignsRsaPss() throws Exception {
        ArweaveWallet w = ArweaveWallet.generate(new SecureRandom());
        assertEquals(4096, w.modulusBits());
        ArweaveWallet again = ArweaveWallet.fromJwk(w.toJwk());
        assertEquals(w.address(), again.address());
        assertEquals(43, w.address().length());
        byte[] msg = utf8("message");
        byte[] sig = again.sign(msg);
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        v.initVerify(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64Url.decode(w.owner())), BigInteger.valueOf(65537))));
        v.update(msg);
        assertTrue(v.verify(sig));
    }

    @Test
    void JwkWithoutPrivatePartsIsRejected() {
        FormatException e = assertThrows(FormatException.class, () -> ArweaveWallet.fromJwk("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"));
        assertTrue(e.getMessage().contains("'d'"), e.getMessage());
    }

    /** An index written the way a push writes it: head, then each pack's header and entries. */
    static byte[] index(Cid root, byte[] txid, List<List<ArweaveIndex.Entry>> packs) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(ArweaveIndex.head(root, packs.size()));
        for (List<ArweaveIndex.Entry> p : packs) {
            ArweaveIndex.packHeader(out, txid, p.size());
            for (ArweaveIndex.Entry e : p) ArweaveIndex.entry(out, e.cid(), e.length());
        }
        return out.toByteArray();
    }

    static List<List<ArweaveIndex.Entry>> read(byte[] index) throws Exception {
        ArweaveIndex.Reader r = new ArweaveIndex.Reader(new java.io.ByteArrayInputStream(index), index.length);
        List<List<ArweaveIndex.Entry>> packs = new java.util.ArrayList<>();
        for (ArweaveIndex.Pack p = r.nextPack(); p != null; p = r.nextPack()) {
            List<ArweaveIndex.Entry> entries = new java.util.ArrayList<>();
            for (long i = 0; i < p.blocks(); i++) entries.add(r.nextEntry());
            packs.add(entries);
        }
        return packs;
    }

    @Test
    void indexVersion1BytesAreTheDocumentedLayout() throws Exception {
        Cid root = Cid.of(Cid.DAG_CBOR, utf8("root"));
        Cid small = Cid.ofRaw(data(300));
        Cid large = Cid.ofRaw(data(200000));
        byte[] txid = new byte[32];
        Arrays.fill(txid, (byte) 0xAB);
        byte[] enc = index(root, txid, List.of(
                List.of(new ArweaveIndex.Entry(root, 4), new ArweaveIndex.Entry(small, 300)),
                List.of(new ArweaveIndex.Entry(large, 200000))));
        HexFormat hex = HexFormat.of();
        String tx = "ab".repeat(32);
        String expected = "5048584152494458" + "01" + "24" + hex.formatHex(root.toBytes()) + "02"
                + tx + "02" + "24" + hex.formatHex(root.toBytes()) + "04" + "24" + hex.formatHex(small.toBytes()) + "ac02"
                + tx + "01" + "24" + hex.formatHex(large.toBytes()) + "c09a0c";
        assertEquals(expected, hex.formatHex(enc));
        assertEquals(ArweaveIndex.entrySize(small, 300), 1 + 36 + 2);
        ArweaveIndex.Reader r = new ArweaveIndex.Reader(new java.io.ByteArrayInputStream(enc), enc.length);
        assertEquals(root, r.root());
        assertEquals(2, r.packCount());
        ArweaveIndex.Pack first = r.nextPack();
        assertArrayEquals(txid, first.txid());
        assertEquals(9 + 1 + 36 + 1, first.txidOffset());
        assertEquals(new ArweaveIndex.Entry(root, 4), r.nextEntry());
        assertEquals(new ArweaveIndex.Entry(small, 300), r.nextEntry());
        assertEquals(1, r.nextPack().blocks());
        assertEquals(new ArweaveIndex.Entry(large, 200000), r.nextEntry());
        assertEquals(null, r.nextPack());
    }

    @Test
    void TruncatedOrForeignIndexIsRejected() throws Exception {
        Cid root = Cid.of(Cid.DAG_CBOR, utf8("root"));
        byte[] enc = index(root, new byte[32], List.of(List.of(new ArweaveIndex.Entry(root, 4))));
        assertEquals(1, read(enc).size());
        for (int cut = 0; cut < enc.length; cut++) {
            byte[] t = Arrays.copyOf(enc, cut);
            assertThrows(FormatException.class, () -> read(t), "cut at " + cut);
        }
        byte[] v2 = enc.clone();
        v2[8] = 2;
        assertTrue(assertThrows(FormatException.class, () -> read(v2)).getMessage().contains("version 2"));
        byte[] trailing = Arrays.copyOf(enc, enc.length + 1);
        assertTrue(assertThrows(FormatException.class, () -> read(trailing)).getMessage().contains("trailing"));
    }

    @Test
    void HostileCountsAreRefusedBeforeAnythingIsAllocated() {
        Cid root = Cid.of(Cid.DAG_CBOR, utf8("root"));
        // a pack count of 2^62 in an index of a few dozen bytes
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(ArweaveIndex.head(root, 1L << 62));
        byte[] packs = out.toByteArray();
        assertTrue(assertThrows(FormatException.class, () -> read(packs)).getMessage().contains("pack count"));
        // a block count of 2^40 in a pack of one entry
        out = new java.io.ByteArrayOutputStream();
        out.writeBytes(ArweaveIndex.head(root, 1));
        ArweaveIndex.packHeader(out, new byte[32], 1L << 40);
        ArweaveIndex.entry(out, root, 4);
        byte[] blocks = out.toByteArray();
        assertTrue(assertThrows(FormatException.class, () -> read(blocks)).getMessage().contains("block count"));
    }

    @Test
    void dataRootOfAFileIsThatOfTheSameBytes() throws Exception {
        byte[] bytes = data(600000);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("arweave-data", ".bin");
        try {
            java.nio.file.Files.write(file, Arrays.copyOfRange(bytes, 1000, bytes.length));
            ArweaveData fromFile = ArweaveData.of(Arrays.copyOf(bytes, 1000), file);
            assertEquals(bytes.length, fromFile.size());
            assertEquals("4876d69261ba9fbc2800d6f90e6558a3736da730ca1fde450d7d9f81ea97cd91",
                    HexFormat.of().formatHex(ArweaveMerkle.of(fromFile).dataRoot()));
            assertArrayEquals(Arrays.copyOfRange(bytes, 990, 300000), fromFile.bytes(990, 300000 - 990));
            assertArrayEquals(bytes, fromFile.open().readAllBytes());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void packingIsDeterministicAndBounded() throws Exception {
        List<ArweaveIndex.Entry> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) blocks.add(new ArweaveIndex.Entry(Cid.ofRaw(data(i + 1)), 1000 + i * 10));
        blocks.add(new ArweaveIndex.Entry(Cid.ofRaw(data(7777)), 50_000));
        List<ArweavePacker.Pack> packs = pack(blocks, 20_000);
        assertEquals(packs.stream().map(ArweavePacker.Pack::packId).toList(), pack(blocks, 20_000).stream().map(ArweavePacker.Pack::packId).toList());
        for (ArweavePacker.Pack p : packs) assertTrue(p.size() <= 20_000 || p.blocks() == 1);
        List<ArweaveIndex.Entry> again = new java.util.ArrayList<>();
        for (ArweavePacker.Pack p : packs) {
            List<Cid> cids = new java.util.ArrayList<>();
            ArweaveIndex.forEachEntry(p.entries(), (cid, length) -> {
                again.add(new ArweaveIndex.Entry(cid, length));
                cids.add(cid);
            });
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Cid c : cids) md.update(c.toBytes());
            assertEquals(Base64Url.encode(md.digest()), p.packId());
        }
        assertEquals(blocks, again);
        List<Cid> first = new java.util.ArrayList<>();
        ArweaveIndex.forEachEntry(packs.get(0).entries(), (cid, length) -> first.add(cid));
        var tags = ArweavePacker.blockTags(List.of(new ArweaveTag("App-Name", "Phoenix")), first);
        assertTrue(ArweaveTransaction.tagBytes(tags) <= 2048);
        assertTrue(tags.size() > 1);
    }

    @Test
    void aPackOfTinyBlocksClosesAtMaxBlocks() throws Exception {
        List<ArweaveIndex.Entry> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < ArweavePacker.MAX_BLOCKS + 10; i++) {
            blocks.add(new ArweaveIndex.Entry(Cid.ofRaw(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}), 1));
        }
        List<ArweavePacker.Pack> packs = pack(blocks, 8 << 20);
        assertEquals(List.of(ArweavePacker.MAX_BLOCKS, 10), packs.stream().map(ArweavePacker.Pack::blocks).toList());
    }

    static List<ArweavePacker.Pack> pack(List<ArweaveIndex.Entry> blocks, int packSize) throws Exception {
        List<ArweavePacker.Pack> out = new java.util.ArrayList<>();
        ArweavePacker packer = new ArweavePacker(packSize, out::add);
        for (ArweaveIndex.Entry e : blocks) packer.add(e.cid(), e.length());
        packer.finish();
        return out;
    }
}
