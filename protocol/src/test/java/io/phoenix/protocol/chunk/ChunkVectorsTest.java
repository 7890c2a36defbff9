package io.phoenix.protocol.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunk boundaries computed by an independent pure-Python implementation of docs/format.md §2
 * (src/test/python-vectors/chunk_vectors.py) over 6 MiB of SHA-256 counter-mode data.
 */
class ChunkVectorsTest {
    static final List<Integer> REFERENCE = List.of(781454, 175499, 927756, 492723, 518529, 464587, 472732, 454016, 609481, 437071, 533731, 423877);

    static byte[] data(int n) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer out = ByteBuffer.allocate(n + 32);
        for (int i = 0; out.position() < n; i++) {
            sha.update("phoenix/v1/chunk-vector".getBytes(StandardCharsets.US_ASCII));
            sha.update(ByteBuffer.allocate(4).putInt(i).array());
            out.put(sha.digest());
        }
        return java.util.Arrays.copyOf(out.array(), n);
    }

    @Test
    void boundariesMatchTheReference() throws Exception {
        byte[] d = data(6 * 1024 * 1024);
        List<Integer> lengths = new ArrayList<>();
        new Chunker().chunk(new ByteArrayInputStream(d), (buf, off, len, fo) -> lengths.add(len));
        assertEquals(REFERENCE, lengths);
    }

    @Test
    void boundariesDoNotDependOnTheReadBufferSize() throws Exception {
        byte[] d = data(6 * 1024 * 1024);
        for (int size : new int[] {2 * Chunker.MAX_SIZE, 2 * Chunker.MAX_SIZE + 1, 3 * 1024 * 1024 + 7, 16 * 1024 * 1024}) {
            List<Integer> lengths = new ArrayList<>();
            try {
                new Chunker(size).chunk(new ByteArrayInputStream(d), (buf, off, len, fo) -> lengths.add(len));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(REFERENCE, lengths, "buffer " + size);
        }
    }
}
