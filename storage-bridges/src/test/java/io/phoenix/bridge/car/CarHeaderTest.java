package io.phoenix.bridge.car;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.multiformats.Cid;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CAR header is written by {@link DagCbor}. The vectors below are the bytes the hand-written
 * encoder CarHeader had before (captured from it on 7 Dec 2026), so the switch changed no byte.
 */
class CarHeaderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid RAW = Cid.ofRaw(new byte[] {1});
    private static final Cid CBOR = Cid.of(Cid.DAG_CBOR, new byte[] {(byte) 0xa0});
    private static final Cid EMPTY = Cid.ofRaw(new byte[0]);

    private static List<Cid> many(int n) {
        List<Cid> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) roots.add(Cid.ofRaw(new byte[] {(byte) i, (byte) (i >> 8)}));
        return roots;
    }

    private static String sha256(byte[] b) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void headerBytesAreThoseOfTheFormerHandWrittenEncoder() throws Exception {
        assertEquals("a265726f6f747381d82a582500015512204bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"
                + "6776657273696f6e01", HEX.formatHex(new CarHeader(List.of(RAW)).encode()));
        assertEquals("a265726f6f747381d82a58250001711220c19a797fa1fd590cd2e5b42d1cf5f246e29b91684e2f87404b81dc345c7a56a0"
                + "6776657273696f6e01", HEX.formatHex(new CarHeader(List.of(CBOR)).encode()));
        assertEquals("a265726f6f747383d82a582500015512204bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459ad8"
                + "2a58250001711220c19a797fa1fd590cd2e5b42d1cf5f246e29b91684e2f87404b81dc345c7a56a0d82a58250001551220e3"
                + "b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8556776657273696f6e01",
                HEX.formatHex(new CarHeader(List.of(RAW, CBOR, EMPTY)).encode()));
        // 24 roots: a one-byte array length (98 18); 300 roots: a two-byte one (99 01 2c)
        byte[] h24 = new CarHeader(many(24)).encode();
        assertEquals(1002, h24.length);
        assertEquals("2277dd0bbd089cb550e908d60664e3b0def5b34fb1f1f330e95412f37fe60f18", sha256(h24));
        byte[] h300 = new CarHeader(many(300)).encode();
        assertEquals(12319, h300.length);
        assertEquals("a265726f6f747399012c", HEX.formatHex(h300, 0, 10));
        assertEquals("b78caa77baa23bff4fb073e4089d68af98f4dfff092041c18e1f7a1ca463c426", sha256(h300));
    }

    @Test
    void decodeReadsWhatEncodeWrote() {
        for (List<Cid> roots : List.of(List.of(RAW), List.of(RAW, CBOR, EMPTY), many(300))) {
            assertEquals(roots, CarHeader.decode(new CarHeader(roots).encode()).roots());
        }
    }

    @Test
    void MalformedHeadersAreRejectedWithTheirReason() {
        Map<String, Object> noVersion = Map.of("roots", List.of(RAW));
        Map<String, Object> extra = Map.of("roots", List.of(RAW), "version", 1L, "x", 1L);
        Map<String, Object> noRoots = Map.of("roots", List.of(), "version", 1L);
        Map<String, Object> notALink = Map.of("roots", List.of("bafk"), "version", 1L);
        assertRejected(DagCbor.encode(noVersion), "lacks a version");
        assertRejected(DagCbor.encode(extra), "unknown CAR header field 'x'");
        assertRejected(DagCbor.encode(noRoots), "lists no roots");
        assertRejected(DagCbor.encode(notALink), "not a CID link");
        assertRejected(DagCbor.encode(List.of(RAW)), "not a DAG-CBOR map");
        byte[] ok = new CarHeader(List.of(RAW)).encode();
        assertRejected(java.util.Arrays.copyOf(ok, ok.length - 1), "not valid DAG-CBOR");
        byte[] versionFirst = HEX.parseHex("a26776657273696f6e01" + HEX.formatHex(ok, 1, ok.length - 9));
        assertRejected(versionFirst, "canonical order");
    }

    private static void assertRejected(byte[] header, String reason) {
        FormatException e = assertThrows(FormatException.class, () -> CarHeader.decode(header));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
