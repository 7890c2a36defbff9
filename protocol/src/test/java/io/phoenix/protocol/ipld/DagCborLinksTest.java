package io.phoenix.protocol.ipld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DagCbor#links}: what the DAG walker of the bridges follows. */
class DagCborLinksTest {
    private final Cid a = Cid.ofRaw(new byte[] {1});
    private final Cid b = Cid.ofRaw(new byte[] {2});

    @Test
    void findsLinksInNestedMapsAndArraysInEncodingOrder() {
        byte[] block = DagCbor.encode(Map.of("x", 70000L, "ls", List.of(a, b), "m", Map.of("l", b)));
        assertEquals(List.of(b, a, b), DagCbor.links(block)); // keys in canonical order: "m", "x", "ls"
    }

    @Test
    void knownVectorFromTheDagCborSpec() {
        // {"l": CID(bafkreidrlxgp3xwdllbgj6b63iymgpyw5cnwlwvb4rb4gm6siiy7o4bcu4)} written by hand
        Cid cid = Cid.parse("bafkreidrlxgp3xwdllbgj6b63iymgpyw5cnwlwvb4rb4gm6siiy7o4bcu4");
        String hex = "a1616cd82a5825" + "00" + HexFormat.of().formatHex(cid.toBytes());
        assertEquals(List.of(cid), DagCbor.links(HexFormat.of().parseHex(hex)));
    }

    @Test
    void TruncatedBlockIsRejected() {
        byte[] block = DagCbor.encode(Map.of("ls", List.of(a, b)));
        for (int cut = 0; cut < block.length; cut++) {
            byte[] t = Arrays.copyOf(block, cut);
            assertThrows(FormatException.class, () -> DagCbor.links(t));
        }
    }

    @Test
    void IndefiniteLengthIsRejected() {
        assertThrows(FormatException.class, () -> DagCbor.links(new byte[] {(byte) 0x9f, (byte) 0xff}));
    }

    @Test
    void OtherTagsAreRejected() {
        assertThrows(FormatException.class, () -> DagCbor.links(new byte[] {(byte) 0xc1, 0x01}));
    }

    @Test
    void HugeDeclaredLengthIsRejectedWithoutAllocating() {
        assertThrows(FormatException.class, () -> DagCbor.links(new byte[] {(byte) 0x5b, 0x7f, -1, -1, -1, -1, -1, -1, -1}));
        assertThrows(FormatException.class, () -> DagCbor.links(new byte[] {(byte) 0x9b, 0x7f, -1, -1, -1, -1, -1, -1, -1}));
    }

    @Test
    void DeepNestingIsRejected() {
        byte[] deep = new byte[1000];
        Arrays.fill(deep, (byte) 0x81);
        assertThrows(FormatException.class, () -> DagCbor.links(deep));
    }

    @Test
    void RandomInputGivesACleanErrorOrLinks() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 20000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            try {
                DagCbor.links(junk);
            } catch (FormatException expected) {
                // clean rejection
            }
        }
    }
}
