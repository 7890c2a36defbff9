package io.phoenix.protocol.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digest is the same whether its records were buffered (up to 64 chunks) or streamed into a digest of its own. */
class FileDigestTest {
    @Test
    void SameDigestAsTheFormulaForAnyNumberOfChunks() throws Exception {
        Random r = new Random(7);
        for (int chunks : new int[] {0, 1, 2, 63, 64, 65, 130}) {
            MessageDigest expected = MessageDigest.getInstance("SHA-256");
            expected.update(FileDigest.LABEL.getBytes(StandardCharsets.US_ASCII));
            FileDigest d = new FileDigest();
            long size = 0;
            for (int i = 0; i < chunks; i++) {
                byte[] mac = new byte[32];
                r.nextBytes(mac);
                int length = r.nextInt(1 << 20);
                expected.update(ByteBuffer.allocate(4).putInt(length).array());
                expected.update(mac);
                d.add(mac, length);
                size += length;
            }
            expected.update(ByteBuffer.allocate(8).putLong(size).array());
            assertArrayEquals(expected.digest(), d.finish(), chunks + " chunks");
        }
    }
}
