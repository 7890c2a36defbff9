package io.phoenix.protocol.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.FormatException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiaddrTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PEER = "12D3KooWGBMxLx4kio7hTzPqZfP1aw4qRaf1L5AQFrPyDyDPadXp";

    @Test
    void ip4TcpGoldenBytes() {
        Multiaddr m = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        assertEquals("047f000001060fa1", HEX.formatHex(m.toBytes()));
        assertEquals(m, Multiaddr.fromBytes(m.toBytes()));
        assertEquals("127.0.0.1", m.host());
        assertEquals(4001, m.tcpPort());
        assertTrue(m.isTcp());
        assertNull(m.peerId());
    }

    @Test
    void p2pComponentUsesCode421() {
        Multiaddr m = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
        assertEquals("047f000001060fa1a50326" + "0024080112205e8713aa5dd2f67535e40cffc891bc180ea02965ab53ce93ba90a605745fb613",
                HEX.formatHex(m.toBytes()));
        assertEquals(PeerId.parse(PEER), m.peerId());
        assertEquals("/ip4/127.0.0.1/tcp/4001", m.withoutPeer().toString());
        assertEquals(m, m.withoutPeer().withPeer(PeerId.parse(PEER)));
        assertEquals(m, Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/ipfs/" + PEER));
        assertTrue(m.isTcp());
    }

    @Test
    void ip6TextIsCanonical() {
        assertEquals("/ip6/::1/tcp/80", Multiaddr.parse("/ip6/0:0:0:0:0:0:0:1/tcp/80").toString());
        assertEquals("/ip6/2001:db8::1:0:0:1", Multiaddr.parse("/ip6/2001:DB8:0:0:1:0:0:1").toString());
        assertEquals("/ip6/::ffff:102:304", Multiaddr.parse("/ip6/::ffff:1.2.3.4").toString());
        Multiaddr m = Multiaddr.parse("/ip6/fe80::1/tcp/1");
        assertEquals(1 + 16 + 1 + 2, m.toBytes().length);
        assertEquals(m, Multiaddr.fromBytes(m.toBytes()));
    }

    @Test
    void dnsNames() {
        Multiaddr m = Multiaddr.parse("/dns4/example.com/tcp/443/p2p/" + PEER);
        assertEquals("example.com", m.host());
        assertEquals(m, Multiaddr.fromBytes(m.toBytes()));
        assertEquals("/dns6/example.com/tcp/1", Multiaddr.parse("/dns6/example.com/tcp/1").toString());
        assertEquals(m.toString(), Multiaddr.fromBytes(m.toBytes()).toString());
    }

    @Test
    void badTextIsRejected() {
        for (String s : new String[] {"", "ip4/1.2.3.4", "/ip4/1.2.3", "/ip4/256.0.0.1", "/ip4/01.2.3.4", "/tcp/70000",
            "/tcp/-1", "/ip4/1.2.3.4/tcp", "/udp/1", "/ip6/not-an-ip", "/ip6/example.com", "/p2p/QmX", "/dns4/a b"}) {
            assertThrows(FormatException.class, () -> Multiaddr.parse(s), s);
        }
    }

    @Test
    void truncatedBytesAreRejected() {
        byte[] b = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER).toBytes();
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            if (n == 8) {
                assertFalse(Multiaddr.fromBytes(cut).toString().contains("p2p"));
                continue;
            }
            if (n == 5) continue; // "/ip4/127.0.0.1" alone is valid
            assertThrows(FormatException.class, () -> Multiaddr.fromBytes(cut), "length " + n);
        }
    }

    @Test
    void randomBytesFuzzNeverEscapesFormatException() {
        Random r = new Random(42);
        byte[] good = Multiaddr.parse("/ip6/::1/tcp/4001/p2p/" + PEER).toBytes();
        int parsed = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            } else {
                b = good.clone();
                for (int k = 0; k <= r.nextInt(3); k++) b[r.nextInt(b.length)] = (byte) r.nextInt();
            }
            try {
                Multiaddr m = Multiaddr.fromBytes(b);
                assertArrayEquals(b, m.toBytes());
                assertEquals(m, Multiaddr.parse(m.toString()));
                parsed++;
            } catch (FormatException expected) {
                // the only allowed failure
            }
        }
        assertTrue(parsed > 0);
    }

    @Test
    void randomTextFuzzNeverEscapesFormatException() {
        Random r = new Random(43);
        String alphabet = "/ip46tcpdnsp2:.0123456789abcdef";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(40); k > 0; k--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            try {
                Multiaddr m = Multiaddr.parse(sb.toString());
                assertEquals(m, Multiaddr.fromBytes(m.toBytes()));
            } catch (FormatException expected) {
                // the only allowed failure
            }
        }
    }
}
