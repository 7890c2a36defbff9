package io.phoenix.protocol.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.block.BlockFormatException.Reason;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockCodecTest {
    static final byte[] SECRET = new byte[32];
    static {
        for (int i = 0; i < 32; i++) SECRET[i] = (byte) i;
    }
    final BlockCodec codec = new BlockCodec(DataKeys.derive(SECRET));

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] text(int n) {
        byte[] line = "2026-11-25T20:00:00Z INFO phoenix snapshot layer=mind files=12345 ok\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = line[i % line.length];
        return b;
    }

    @Test
    void randomChunkRoundTripsStored() {
        byte[] data = random(1, 500_000);
        EncodedBlock b = codec.encode(data, 0, data.length);
        assertFalse(b.compressed());
        assertEquals(data.length + BlockCodec.OVERHEAD, b.bytes().length);
        assertEquals(Cid.ofRaw(b.bytes()), b.cid());
        assertArrayEquals(data, codec.decode(b.cid(), b.bytes()));
        assertEquals(data.length, b.plainLength());
    }

    @Test
    void compressibleChunkRoundTripsCompressed() {
        byte[] data = text(700_000);
        EncodedBlock b = codec.encode(data, 0, data.length);
        assertTrue(b.compressed());
        assertTrue(b.bytes().length < data.length / 10);
        DecodedBlock d = codec.open(b.cid(), b.bytes());
        assertArrayEquals(data, d.plaintext());
        assertArrayEquals(b.plaintextMac(), d.plaintextMac());
        assertEquals(BlockKind.DATA, d.kind());
    }

    @Test
    void encodingIsDeterministicAndDedups() {
        byte[] data = random(2, 100_000);
        byte[] copy = data.clone();
        EncodedBlock a = codec.encode(data, 0, data.length);
        EncodedBlock b = new BlockCodec(DataKeys.derive(SECRET)).encode(copy, 0, copy.length);
        assertEquals(a.cid(), b.cid());
        assertArrayEquals(a.bytes(), b.bytes());
        assertArrayEquals(codec.plaintextMac(data, 0, data.length), a.plaintextMac());
        byte[] other = data.clone();
        other[500] ^= 1;
        assertNotEquals(a.cid(), codec.encode(other, 0, other.length).cid());
    }

    @Test
    void sliceOfALargerBufferEncodesLikeACopy() {
        byte[] big = random(3, 10_000);
        EncodedBlock slice = codec.encode(big, 1000, 5000);
        byte[] copy = Arrays.copyOfRange(big, 1000, 6000);
        assertEquals(codec.encode(copy, 0, copy.length).cid(), slice.cid());
    }

    @Test
    void treeAndDataKindsUseDifferentKeys() {
        byte[] data = text(10_000);
        EncodedBlock d = codec.encode(BlockKind.DATA, data, 0, data.length);
        EncodedBlock t = codec.encode(BlockKind.TREE, data, 0, data.length);
        assertNotEquals(d.cid(), t.cid());
        assertFalse(Arrays.equals(Arrays.copyOfRange(d.bytes(), 2, 14), Arrays.copyOfRange(t.bytes(), 2, 14)), "nonces differ");
        assertEquals(BlockKind.TREE, codec.open(t.cid(), t.bytes()).kind());
        assertArrayEquals(data, codec.decode(t.cid(), t.bytes()));
    }

    @Test
    void largestChunkFitsInOneMebibyte() {
        byte[] data = random(4, BlockCodec.MAX_PLAINTEXT);
        EncodedBlock b = codec.encode(data, 0, data.length);
        assertEquals(1024 * 1024, b.bytes().length);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new byte[BlockCodec.MAX_PLAINTEXT + 1], 0, BlockCodec.MAX_PLAINTEXT + 1));
    }

    @Test
    void emptyChunkRoundTrips() {
        EncodedBlock b = codec.encode(new byte[0], 0, 0);
        assertEquals(BlockCodec.OVERHEAD, b.bytes().length);
        assertEquals(0, codec.decode(b.cid(), b.bytes()).length);
    }

    @Test
    void truncatedBlockIsRejected() {
        byte[] data = random(5, 1000);
        EncodedBlock b = codec.encode(data, 0, data.length);
        byte[] cut = Arrays.copyOf(b.bytes(), 20);
        BlockFormatException e = assertThrows(BlockFormatException.class, () -> codec.decode(Cid.ofRaw(cut), cut));
        assertEquals(Reason.TRUNCATED, e.reason());
        byte[] cutLonger = Arrays.copyOf(b.bytes(), 500);
        BlockFormatException e2 = assertThrows(BlockFormatException.class, () -> codec.decode(b.cid(), cutLonger));
        assertEquals(Reason.CORRUPT, e2.reason());
        assertTrue(e2.anotherCopyMayHelp());
    }

    @Test
    void corruptedBlockIsRejected() {
        byte[] data = random(6, 1000);
        EncodedBlock b = codec.encode(data, 0, data.length);
        byte[] bad = b.bytes();
        bad[100] ^= 0x40;
        BlockFormatException e = assertThrows(BlockFormatException.class, () -> codec.decode(b.cid(), bad));
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("does not hash to its CID"), e.getMessage());
    }

    @Test
    void blockUnderAnotherKeyIsRejected() {
        byte[] data = random(7, 1000);
        EncodedBlock b = codec.encode(data, 0, data.length);
        BlockCodec other = new BlockCodec(DataKeys.derive(random(8, 32)));
        BlockFormatException e = assertThrows(BlockFormatException.class, () -> other.decode(b.cid(), b.bytes()));
        assertEquals(Reason.WRONG_KEY, e.reason());
        assertFalse(e.anotherCopyMayHelp());
    }

    @Test
    void unsupportedVersionIsRejected() {
        byte[] data = random(9, 1000);
        byte[] bytes = codec.encode(data, 0, data.length).bytes();
        bytes[0] = 2;
        BlockFormatException e = assertThrows(BlockFormatException.class, () -> codec.decode(Cid.ofRaw(bytes), bytes));
        assertEquals(Reason.UNSUPPORTED_VERSION, e.reason());
        bytes[0] = 1;
        bytes[1] = (byte) 0x80;
        assertEquals(Reason.UNSUPPORTED_VERSION,
                assertThrows(BlockFormatException.class, () -> codec.decode(Cid.ofRaw(bytes), bytes)).reason());
    }

    @Test
    void flippedHeaderBitFailsAuthentication() {
        byte[] data = random(10, 1000);
        byte[] bytes = codec.encode(data, 0, data.length).bytes();
        bytes[1] ^= BlockCodec.FLAG_ZSTD;
        assertThrows(BlockFormatException.class, () -> codec.decode(Cid.ofRaw(bytes), bytes));
    }

    @Test
    void nonSha256CidIsRejected() {
        byte[] data = random(11, 100);
        byte[] bytes = codec.encode(data, 0, data.length).bytes();
        Cid identity = Cid.v1(Cid.RAW, io.phoenix.protocol.multiformats.Multihash.identity(bytes));
        assertEquals(Reason.UNSUPPORTED_VERSION, assertThrows(BlockFormatException.class, () -> codec.decode(identity, bytes)).reason());
        Cid dagCbor = Cid.of(Cid.DAG_CBOR, bytes);
        assertEquals(Reason.CORRUPT, assertThrows(BlockFormatException.class, () -> codec.decode(dagCbor, bytes)).reason());
    }

    @Test
    void concurrentEncodersAgree() throws Exception {
        byte[][] chunks = new byte[64][];
        for (int i = 0; i < chunks.length; i++) chunks[i] = i % 2 == 0 ? random(100 + i, 70_000) : text(90_000 + i);
        Cid[] expected = new Cid[chunks.length];
        for (int i = 0; i < chunks.length; i++) expected[i] = codec.encode(chunks[i], 0, chunks[i].length).cid();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < chunks.length; i++) {
                        EncodedBlock b = codec.encode(chunks[i], 0, chunks[i].length);
                        if (!b.cid().equals(expected[i]) || !Arrays.equals(codec.decode(b.cid(), b.bytes()), chunks[i])) return false;
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) assertTrue(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dataKeysAreDistinctAndStable() {
        DataKeys k = DataKeys.derive(SECRET);
        assertEquals(k, DataKeys.derive(SECRET.clone()));
        assertFalse(Arrays.equals(k.blockKey(), k.nonceKey()));
        assertFalse(Arrays.equals(k.blockKey(), k.treeKey()));
        assertFalse(Arrays.equals(k.nonceKey(), k.treeKey()));
        assertThrows(IllegalArgumentException.class, () -> DataKeys.derive(new byte[31]));
    }
}
