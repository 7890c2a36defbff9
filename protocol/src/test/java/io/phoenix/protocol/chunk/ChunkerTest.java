package io.phoenix.protocol.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static List<long[]> chunks(byte[] data) throws IOException {
        List<long[]> out = new ArrayList<>();
        new Chunker().chunk(new ByteArrayInputStream(data), (buf, off, len, fileOffset) -> out.add(new long[] {fileOffset, len}));
        return out;
    }

    @Test
    void gearTableIsFixed() {
        long[] g = GearTable.values();
        assertEquals(256, g.length);
        assertEquals(256, java.util.Arrays.stream(g).distinct().count());
        // first entry: SHA-256("phoenix/v1/gear" || 0x00)[0..8], pinned so the table cannot drift
        assertEquals(GearTableVector.FIRST, g[0]);
        assertEquals(GearTableVector.LAST, g[255]);
    }

    @Test
    void chunksCoverTheInputWithinBounds() throws IOException {
        byte[] data = random(1, 24 * 1024 * 1024 + 12345);
        List<long[]> cs = chunks(data);
        long expect = 0;
        for (int i = 0; i < cs.size(); i++) {
            long[] c = cs.get(i);
            assertEquals(expect, c[0]);
            assertTrue(c[1] <= Chunker.MAX_SIZE);
            if (i < cs.size() - 1) assertTrue(c[1] >= Chunker.MIN_SIZE, "chunk " + i + " too small: " + c[1]);
            expect += c[1];
        }
        assertEquals(data.length, expect);
        double mean = (double) data.length / cs.size();
        assertTrue(mean > 350 * 1024 && mean < 700 * 1024, "mean chunk size " + mean);
    }

    @Test
    void streamingMatchesTheStaticCutAndToleratesShortReads() throws IOException {
        byte[] data = random(2, 9 * 1024 * 1024);
        List<long[]> expected = new ArrayList<>();
        int off = 0;
        while (off < data.length) {
            int n = Chunker.nextBoundary(data, off, data.length - off);
            expected.add(new long[] {off, n});
            off += n;
        }
        InputStream trickle = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int o, int l) {
                return super.read(b, o, Math.min(l, 777));
            }
        };
        List<long[]> got = new ArrayList<>();
        new Chunker(2 * Chunker.MAX_SIZE).chunk(trickle, (buf, o, len, fo) -> got.add(new long[] {fo, len}));
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) assertArrayEquals(expected.get(i), got.get(i));
    }

    @Test
    void smallAndEmptyInputs() throws IOException {
        assertEquals(0, chunks(new byte[0]).size());
        List<long[]> one = chunks(random(3, 1000));
        assertEquals(1, one.size());
        assertEquals(1000, one.get(0)[1]);
        assertEquals(Chunker.MAX_SIZE, Chunker.nextBoundary(new byte[2 * Chunker.MAX_SIZE], 0, 2 * Chunker.MAX_SIZE),
                "zeros never match a mask: cut at max");
    }

    @Test
    void insertingNearTheStartChangesOnlyNearbyChunks() throws IOException {
        byte[] data = random(4, 32 * 1024 * 1024);
        byte[] edited = new byte[data.length + 100];
        int at = 5000;
        System.arraycopy(data, 0, edited, 0, at);
        System.arraycopy(random(5, 100), 0, edited, at, 100);
        System.arraycopy(data, at, edited, at + 100, data.length - at);

        Set<String> before = contents(data);
        Set<String> after = contents(edited);
        Set<String> changed = new HashSet<>(after);
        changed.removeAll(before);
        assertTrue(before.size() > 40, "expected many chunks, got " + before.size());
        assertTrue(changed.size() <= 2, "insertion changed " + changed.size() + " of " + after.size() + " chunks");
    }

    private static Set<String> contents(byte[] data) throws IOException {
        Set<String> s = new HashSet<>();
        new Chunker().chunk(new ByteArrayInputStream(data), (buf, off, len, fo) ->
                s.add(java.util.HexFormat.of().formatHex(io.phoenix.protocol.multiformats.Multihash.sha256Digest(buf, off, len))));
        return s;
    }
}
