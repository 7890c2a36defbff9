package io.phoenix.protocol.multiformats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidTest {
    @Test
    void rawBlockCidOfHelloWorldMatchesIpfs() {
        // `ipfs block put --cid-codec raw` of "hello world" (no newline), a widely published vector.
        Cid cid = Cid.ofRaw("hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid.toString());
        assertEquals(cid, Cid.parse(cid.toString()));
        assertTrue(cid.verifies("hello world".getBytes(StandardCharsets.UTF_8)));
        assertFalse(cid.verifies("hello world!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cidV0ParsesToDagPb() {
        Cid cid = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertEquals(0, cid.version());
        assertEquals(Cid.DAG_PB, cid.codec());
        assertEquals("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n", cid.toString());
    }

    @Test
    void varintRoundTripsAndRejectsBadInput() {
        for (long v : new long[] {0, 1, 127, 128, 300, 16384, Integer.MAX_VALUE, Long.MAX_VALUE >>> 1}) {
            byte[] enc = Varint.encode(v);
            assertEquals(v, Varint.decode(enc, 0)[0]);
            assertEquals(enc.length, Varint.decode(enc, 0)[1]);
        }
        assertArrayEquals(new byte[] {(byte) 0xac, 0x02}, Varint.encode(300));
        assertThrows(FormatException.class, () -> Varint.decode(new byte[] {(byte) 0x80}, 0));
        assertThrows(FormatException.class, () -> Varint.decode(new byte[] {(byte) 0x81, 0x00}, 0));
    }

    @Test
    void randomAndTruncatedCidBytesGiveFormatException() {
        Random rnd = new Random(42);
        byte[] good = Cid.ofRaw(new byte[] {1, 2, 3}).toBytes();
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThrows(FormatException.class, () -> Cid.fromBytes(cut));
        }
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[rnd.nextInt(64)];
            rnd.nextBytes(junk);
            try {
                Cid.fromBytes(junk);
            } catch (FormatException expected) {
                // the only acceptable failure
            }
        }
        assertThrows(FormatException.class, () -> Cid.parse("bafk!!"));
        assertThrows(FormatException.class, () -> Cid.parse("xyz"));
    }

    @Test
    void base32AndBase58RoundTrip() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[rnd.nextInt(50)];
            rnd.nextBytes(b);
            if (b.length > 0 && i % 3 == 0) b[0] = 0;
            assertArrayEquals(b, Base32.decode(Base32.encode(b)));
            assertArrayEquals(b, Base58.decode(Base58.encode(b)));
        }
    }
}
