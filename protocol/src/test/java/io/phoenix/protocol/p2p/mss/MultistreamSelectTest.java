package io.phoenix.protocol.p2p.mss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultistreamSelectTest {
    private static final HexFormat HEX = HexFormat.of();
    /** js dialer's first TCP segment: header and /noise proposal pipelined (interop README §4). */
    private static final String JS_FIRST_SEGMENT = "132f6d756c746973747265616d2f312e302e300a072f6e6f6973650a";

    @Test
    void encodesLikeJsLibp2p() {
        assertEquals(JS_FIRST_SEGMENT, HEX.formatHex(MultistreamCodec.encode(MultistreamCodec.HEADER, "/noise")));
        assertEquals("036e610a", HEX.formatHex(MultistreamCodec.encode("na")));
    }

    @Test
    void listenerParsesPipelinedMessagesFromOneReadAndEchoes() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(HEX.parseHex(JS_FIRST_SEGMENT + "aabb"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("/noise", MultistreamSelect.handle(in, out, "/noise"::equals));
        assertEquals(JS_FIRST_SEGMENT, HEX.formatHex(out.toByteArray()));
        assertEquals(2, in.available()); // data after the proposal is left unread
    }

    @Test
    void listenerAnswersNaThenAccepts() throws IOException {
        byte[] req = MultistreamCodec.encode(MultistreamCodec.HEADER, "/meshsub/1.2.0", "ls", "/meshsub/1.1.0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("/meshsub/1.1.0", MultistreamSelect.handle(new ByteArrayInputStream(req), out, "/meshsub/1.1.0"::equals));
        assertEquals(HEX.formatHex(MultistreamCodec.encode(MultistreamCodec.HEADER, "na", "na", "/meshsub/1.1.0")), HEX.formatHex(out.toByteArray()));
    }

    @Test
    void dialerFallsBackAfterNa() throws IOException {
        byte[] answers = MultistreamCodec.encode(MultistreamCodec.HEADER, "na", "/b");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals("/b", MultistreamSelect.select(new ByteArrayInputStream(answers), out, List.of("/a", "/b")));
        assertEquals(HEX.formatHex(MultistreamCodec.encode(MultistreamCodec.HEADER, "/a", "/b")), HEX.formatHex(out.toByteArray()));
    }

    @Test
    void dialerFailsWhenNothingIsSupported() {
        byte[] answers = MultistreamCodec.encode(MultistreamCodec.HEADER, "na");
        assertThrows(MultistreamException.class,
                () -> MultistreamSelect.select(new ByteArrayInputStream(answers), new ByteArrayOutputStream(), List.of("/a")));
    }

    @Test
    void oversizedMessageIsRejectedBeforeReading() {
        byte[] huge = {(byte) 0xff, (byte) 0xff, 0x7f};
        assertThrows(MultistreamException.class, () -> MultistreamCodec.read(new ByteArrayInputStream(huge)));
    }

    @Test
    void truncatedNegotiationFailsCleanly() {
        byte[] full = MultistreamCodec.encode(MultistreamCodec.HEADER, "/noise");
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(IOException.class, () -> MultistreamSelect.handle(new ByteArrayInputStream(cut), new ByteArrayOutputStream(), p -> true), "cut at " + n);
        }
    }

    @Test
    void randomBytesFailWithTypedErrorsOnly() {
        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            if (i % 3 == 0 && junk.length > 0) junk[0] = 0x13;
            try {
                MultistreamSelect.handle(new ByteArrayInputStream(junk), new ByteArrayOutputStream(), p -> true);
            } catch (MultistreamException | EOFException expected) {
                // typed failures only
            } catch (IOException e) {
                throw new AssertionError("unexpected " + e, e);
            }
        }
    }
}
