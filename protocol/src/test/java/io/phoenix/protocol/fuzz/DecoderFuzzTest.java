package io.phoenix.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.BlockFormatException;
import io.phoenix.protocol.block.BlockKind;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.crypto.Argon2Params;
import io.phoenix.protocol.crypto.CryptoFormatException;
import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.crypto.PassphraseBox;
import io.phoenix.protocol.crypto.ReaderKeyPair;
import io.phoenix.protocol.crypto.ReaderPublicKey;
import io.phoenix.protocol.crypto.RepositorySecret;
import io.phoenix.protocol.crypto.WrongPassphraseException;
import io.phoenix.protocol.crypto.WrongReaderKeyException;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.ipld.DagCborException;
import io.phoenix.protocol.manifest.IndexPage;
import io.phoenix.protocol.manifest.ManifestFormatException;
import io.phoenix.protocol.manifest.SignedManifest;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.ChunkRef;
import io.phoenix.protocol.tree.DirectoryEntry;
import io.phoenix.protocol.tree.DirectoryWriter;
import io.phoenix.protocol.tree.FileEntry;
import io.phoenix.protocol.tree.SymlinkEntry;
import io.phoenix.protocol.tree.TreeFormatException;
import io.phoenix.protocol.tree.TreeReader;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and bit-flipped input to every decoder gives the decoder's typed error (or a
 * valid value), never another exception, a hang or an OOM. Seeded, so failures replay.
 */
class DecoderFuzzTest {
    static final Duration LIMIT = Duration.ofSeconds(60);
    final Random rnd = new Random(20261125);

    interface Decoder {
        void decode(byte[] input) throws Exception;
    }

    /** Feeds mutations of {@code valid} (and pure noise) to {@code decoder}; only {@code allowed} may escape. */
    void fuzz(byte[] valid, Decoder decoder, int rounds, Class<?>... allowed) {
        assertTimeoutPreemptively(LIMIT, () -> {
            List<byte[]> inputs = new ArrayList<>();
            for (int cut = 0; cut < valid.length; cut += Math.max(1, valid.length / 97)) inputs.add(Arrays.copyOf(valid, cut));
            for (int i = 0; i < rounds; i++) {
                byte[] flip = valid.clone();
                if (flip.length > 0) {
                    for (int j = 0, n = 1 + rnd.nextInt(4); j < n; j++) flip[rnd.nextInt(flip.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                inputs.add(flip);
                byte[] noise = new byte[rnd.nextInt(2 * valid.length + 16)];
                rnd.nextBytes(noise);
                inputs.add(noise);
                byte[] prefixed = noise.clone();
                if (prefixed.length > 0 && valid.length > 0) prefixed[0] = valid[0];
                inputs.add(prefixed);
            }
            for (byte[] in : inputs) {
                try {
                    decoder.decode(in);
                } catch (Exception e) {
                    if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(e))) {
                        fail("untyped " + e + " for input of " + in.length + " bytes", e);
                    }
                }
            }
        });
    }

    final BlockCodec codec = new BlockCodec(DataKeys.derive(new byte[32]));

    @Test
    void blockDecoder() {
        byte[] text = "phoenix ".repeat(500).getBytes();
        byte[] stored = codec.encode(new byte[300], 0, 300).bytes();
        fuzz(codec.encode(text, 0, text.length).bytes(), codec::openVerified, 300, BlockFormatException.class);
        fuzz(stored, codec::openVerified, 300, BlockFormatException.class);
        fuzz(stored, b -> codec.open(Cid.ofRaw(stored), b), 100, BlockFormatException.class);
    }

    @Test
    void dagCborDecoder() {
        Map<String, Object> m = new HashMap<>();
        m.put("list", List.of(1L, -5L, "x", new byte[] {1, 2}, Cid.ofRaw(new byte[0]), List.of(Map.of("k", true))));
        m.put("big", Long.MAX_VALUE);
        fuzz(DagCbor.encode(m), DagCbor::decode, 2000, DagCborException.class);
        byte[] hugeLength = {(byte) 0x5b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        fuzz(hugeLength, DagCbor::decode, 10, DagCborException.class);
        byte[] deep = new byte[10_000];
        Arrays.fill(deep, (byte) 0x81);
        fuzz(deep, DagCbor::decode, 10, DagCborException.class);
    }

    @Test
    void manifestAndIndexDecoders() {
        io.phoenix.protocol.manifest.ManifestSigner signer =
                new io.phoenix.protocol.manifest.ManifestSigner(new byte[32], MlDsa65KeyPair.fromSeed(new byte[32]));
        java.util.TreeMap<String, Cid> layers = new java.util.TreeMap<>();
        layers.put("mind", Cid.ofRaw(new byte[] {1}));
        IndexPage page = new IndexPage(List.of(Cid.ofRaw(new byte[] {1}), Cid.ofRaw(new byte[] {2})));
        SignedManifest sm = signer.sign(new io.phoenix.protocol.manifest.Manifest("s", "d", 3, java.time.Instant.ofEpochMilli(5),
                List.of(Cid.of(Cid.DAG_CBOR, new byte[0])), signer.author(), layers, new io.phoenix.protocol.manifest.Totals(1, 2, 3), List.of(page.cid())));
        fuzz(sm.encode(), SignedManifest::decode, 300, ManifestFormatException.class);
        fuzz(page.encode(), IndexPage::decode, 1000, ManifestFormatException.class);
    }

    @Test
    void treeReader() throws Exception {
        Map<Cid, byte[]> plain = new HashMap<>();
        io.phoenix.protocol.tree.TreeBlockSink sink = p -> {
            Cid c = Cid.ofRaw(p);
            plain.put(c, p);
            return c;
        };
        Cid sub = DirectoryWriter.write(sink, List.of());
        Cid root = DirectoryWriter.write(sink, List.of(
                new FileEntry("f", 0644, 1, 10, List.of(new ChunkRef(Cid.ofRaw(new byte[] {9}), 10)), new byte[32]),
                new DirectoryEntry("d", 0755, 2, sub), new SymlinkEntry("l", 0777, 3, "f")));
        byte[] valid = plain.get(root);
        fuzz(valid, b -> {
            Map<Cid, byte[]> m = new HashMap<>(plain);
            m.put(root, b);
            new TreeReader(c -> {
                byte[] v = m.get(c);
                if (v != null) return v;
                byte[] noise = new byte[c.hashCode() & 0xff];
                new Random(c.hashCode()).nextBytes(noise);
                return noise;
            }).list(root);
        }, 2000, TreeFormatException.class);
    }

    @Test
    void keyDecoders() {
        SecureRandom sr = new SecureRandom();
        ReaderKeyPair reader = ReaderKeyPair.generate(sr);
        fuzz(reader.encode(), ReaderKeyPair::decode, 200, CryptoFormatException.class);
        fuzz(reader.publicKey().encode(), ReaderPublicKey::decode, 200, CryptoFormatException.class);
        fuzz(MlDsa65KeyPair.generate(sr).encode(), MlDsa65KeyPair::decode, 200, CryptoFormatException.class);
        fuzz(KeyWrap.wrap(RepositorySecret.generate(sr), reader.publicKey(), sr), b -> KeyWrap.unwrap(b, reader), 100,
                CryptoFormatException.class, WrongReaderKeyException.class);
        fuzz(PassphraseBox.seal(new byte[32], "pw".toCharArray(), new Argon2Params(64, 1, 1), sr), b -> PassphraseBox.open(b, "pw".toCharArray()), 100,
                CryptoFormatException.class, WrongPassphraseException.class);
    }

    @Test
    void treeBlocksOfTheWrongKindAreRejected() {
        byte[] data = new byte[100];
        byte[] block = codec.encode(BlockKind.DATA, data, 0, data.length).bytes();
        fuzz(block, b -> new TreeReader(c -> codec.openVerified(b).plaintext()).list(Cid.ofRaw(b)), 50,
                TreeFormatException.class, BlockFormatException.class);
    }
}
