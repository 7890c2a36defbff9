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
    void samePlaintextEncodedTwiceOnOneThreadGivesTheSameBlock() {
        // the thread's GCM cipher refuses a second encryption under the same key and IV; the codec
        // must still give the same deterministic block (dedup of a repeated chunk)
        byte[] data = text(200_000);
        EncodedBlock a = codec.encode(data, 0, data.length);
        EncodedBlock b = codec.encode(data, 0, data.length);
        assertArrayEquals(a.bytes(), b.bytes());
        byte[] out = new byte[BlockCodec.MAX_BLOCK_SIZE];
        int n = codec.encodeInto(BlockKind.DATA, data, 0, data.length, null, out, 0);
        assertArrayEquals(a.bytes(), Arrays.copyOf(out, n));
    }

    @Test
    void encodeIntoWritesExactlyTheBytesEncodeGives() {
        for (byte[] data : new byte[][] {random(5, 300_000), text(300_000), new byte[0], text(63)}) {
            EncodedBlock a = codec.encode(BlockKind.TREE, data, 0, data.length);
            byte[] out = new byte[BlockCodec.MAX_BLOCK_SIZE + 100];
            Arrays.fill(out, (byte) 0x77);
            int n = codec.encodeInto(BlockKind.TREE, data, 0, data.length, null, out, 100);
            assertEquals(a.bytes().length, n);
            assertArrayEquals(a.bytes(), Arrays.copyOfRange(out, 100, 100 + n));
            assertEquals((byte) 0x77, out[99], "nothing written before the offset");
        }
    }

    @Test
    void encodeIntoWithoutRoomIsRefused() {
        byte[] data = random(6, 1000);
        assertThrows(IndexOutOfBoundsException.class,
                () -> codec.encodeInto(BlockKind.DATA, data, 0, data.length, null, new byte[data.length + BlockCodec.OVERHEAD - 1], 0));
    }

    @Test
    void openVerifiedIntoGivesWhatOpenVerifiedGivesAndLeavesTheBlockAlone() {
        for (byte[] data : new byte[][] {random(7, 400_000), text(400_000), new byte[0]}) {
            EncodedBlock b = codec.encode(data, 0, data.length);
            byte[] block = new byte[b.bytes().length + 10];
            System.arraycopy(b.bytes(), 0, block, 10, b.bytes().length);
            byte[] before = block.clone();
            byte[] plain = new byte[BlockCodec.MAX_PLAINTEXT];
            OpenedBlock o = codec.openVerifiedInto(block, 10, b.bytes().length, plain);
            assertEquals(data.length, o.length());
            assertArrayEquals(data, Arrays.copyOf(plain, o.length()));
            assertArrayEquals(b.plaintextMac(), o.plaintextMac());
            assertEquals(BlockKind.DATA, o.kind());
            assertArrayEquals(before, block);
            assertArrayEquals(data, codec.openVerified(b.bytes()).plaintext());
        }
    }

    @Test
    void openVerifiedIntoASmallBufferIsRefused() {
        EncodedBlock b = codec.encode(text(1000), 0, 1000);
        assertThrows(IllegalArgumentException.class, () -> codec.openVerifiedInto(b.bytes(), 0, b.bytes().length, new byte[1000]));
    }

    @Test
    void damagedBlocksAreRejectedByOpenVerifiedIntoToo() {
        byte[] plain = new byte[BlockCodec.MAX_PLAINTEXT];
        EncodedBlock b = codec.encode(text(100_000), 0, 100_000);
        byte[] flipped = b.bytes().clone();
        flipped[40] ^= 1;
        assertEquals(Reason.WRONG_KEY, assertThrows(BlockFormatException.class,
                () -> codec.openVerifiedInto(flipped, 0, flipped.length, plain)).reason());
        assertEquals(Reason.TRUNCATED, assertThrows(BlockFormatException.class,
                () -> codec.openVerifiedInto(b.bytes(), 0, BlockCodec.OVERHEAD - 1, plain)).reason());
        BlockCodec other = new BlockCodec(DataKeys.derive(random(8, 32)));
        assertEquals(Reason.WRONG_KEY, assertThrows(BlockFormatException.class,
                () -> other.openVerifiedInto(b.bytes(), 0, b.bytes().length, plain)).reason());
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
