package io.phoenix.protocol.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class YamuxHeaderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void goldenFrames() {
        // js opens stream 1 with WindowUpdate{SYN, 0}; js pings right after start.
        assertEquals("000100010000000100000000", HEX.formatHex(new YamuxHeader(1, YamuxHeader.SYN, 1, 0).encode()));
        assertEquals("000200020000000000000007", HEX.formatHex(new YamuxHeader(2, YamuxHeader.ACK, 0, 7).encode()));
        YamuxHeader h = YamuxHeader.decode(HEX.parseHex("00000004000000020000ffff"), 0);
        assertEquals(new YamuxHeader(YamuxHeader.DATA, YamuxHeader.FIN, 2, 65535), h);
        assertTrue(h.has(YamuxHeader.FIN));
        assertEquals(0xFFFFFFFFL, YamuxHeader.decode(HEX.parseHex("00000000ffffffffffffffff"), 0).length());
    }

    @Test
    void badVersionTypeOrFlagsAreProtocolErrors() {
        assertThrows(YamuxException.class, () -> YamuxHeader.decode(HEX.parseHex("010000000000000000000000"), 0));
        assertThrows(YamuxException.class, () -> YamuxHeader.decode(HEX.parseHex("000400000000000000000000"), 0));
        assertThrows(YamuxException.class, () -> YamuxHeader.decode(HEX.parseHex("000000100000000000000000"), 0));
    }
}
