package io.phoenix.protocol.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.FileDigest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Byte-level vectors for the key derivation, the block format and the file digest, computed by an
 * independent implementation (src/test/python-vectors/block_vectors.py: Python hashlib/hmac and
 * the `cryptography` package) from the repository secret 00 01 .. 1f.
 */
class GoldenVectorsTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] SECRET = new byte[32];
    static {
        for (int i = 0; i < 32; i++) SECRET[i] = (byte) i;
    }
    final DataKeys keys = DataKeys.derive(SECRET);
    final BlockCodec codec = new BlockCodec(keys);

    @Test
    void dataKeysMatchTheReference() {
        assertEquals("f4e583ec1b1147ecd2ed1f0b484c190a2e5ad24d1b83a31372bd107d1edf3967", HEX.formatHex(keys.blockKey()));
        assertEquals("42137329e69330abfb154d98d395e9cca1f75d3daa292b8052bc145611b356ff", HEX.formatHex(keys.nonceKey()));
        assertEquals("8f946e09eab5a247488547a3bb5731bf41de6a4decf86228bcb0656c42f4f18a", HEX.formatHex(keys.treeKey()));
    }

    @Test
    void dataBlockMatchesTheReference() {
        byte[] pt = "hello phoenix".getBytes(StandardCharsets.US_ASCII);
        check(codec.encode(pt, 0, pt.length), pt,
                "5a519d0a1b77c804ab2926d522862fd118c06d43e0a9710062f497766ed78273",
                "01005a519d0a1b77c804ab2926d5a066a42b60d113985f1d763c2e83f1958dfb3b608cea834bb6ef817bb4",
                "bafkreihtm24p6uvd7fmyhmb2c3a22oqznkhh4yzz6xtyi7xlj662uhbeqi");
    }

    @Test
    void emptyBlockMatchesTheReference() {
        check(codec.encode(new byte[0], 0, 0), new byte[0],
                "dd4e4db5b4879f9012823b17ad9d5334e20e7f08e8e44876b2a0c02e086b8b70",
                "0100dd4e4db5b4879f9012823b177d21aaa8bcacb71f6ddc1a5b5d4f22dc",
                "bafkreiaazqjt45veo5ya6dw6erof365fvx2awmdvwfzzwthjhw6iwu7v7i");
    }

    @Test
    void treeBlockMatchesTheReference() {
        byte[] pt = {0x08, 0x01};
        check(codec.encode(BlockKind.TREE, pt, 0, pt.length), pt,
                "c723650437c69135f540d6b20b20f7abba85193530f55d4a6df51d861684d2b7",
                "0102c723650437c69135f540d6b2184eecfa128cfe74bc1341b9c107f75901e5",
                "bafkreiclqmpn637jhylcpj6jt334ppb3o4eqblqst36nlveetchxvpdvji");
    }

    @Test
    void fileDigestMatchesTheReference() {
        byte[] pt = "hello phoenix".getBytes(StandardCharsets.US_ASCII);
        byte[] digest = new FileDigest().add(codec.plaintextMac(pt, 0, pt.length), pt.length)
                .add(codec.plaintextMac(new byte[0], 0, 0), 0).finish();
        assertEquals("003710995bb6e0d34016d1d896b960ded95a1dab23a7afbe271b49115800250a", HEX.formatHex(digest));
    }

    @Test
    void pinnedCompressedBlockStillDecodes() {
        byte[] block = HEX.parseHex(COMPRESSED_BLOCK);
        byte[] expected = "phoenix ".repeat(64).getBytes(StandardCharsets.US_ASCII);
        DecodedBlock d = codec.open(Cid.parse(COMPRESSED_CID), block);
        assertArrayEquals(expected, d.plaintext());
        assertEquals(BlockKind.DATA, d.kind());
    }

    /** "phoenix " x 64 encoded by this codec (zstd-jni 1.5.7-4) under the secret above; pinned for decode. */
    static final String COMPRESSED_BLOCK = "0101418c1ae8e6ecd7bcbc20a21e2af3b950e7768de961898df0d7e04b99a8abeca289f648769df7dbc0020525364c1d40546e4d35eee9";
    static final String COMPRESSED_CID = "bafkreie6llm544zvqqntl3p5vvyczvuglcvewm32vc2fxcuhkdebqg7bmq";

    private void check(EncodedBlock b, byte[] pt, String mac, String block, String cid) {
        assertEquals(mac, HEX.formatHex(b.plaintextMac()));
        assertEquals(block, HEX.formatHex(b.bytes()));
        assertEquals(cid, b.cid().toString());
        assertArrayEquals(pt, codec.decode(Cid.parse(cid), HEX.parseHex(block)));
    }
}
