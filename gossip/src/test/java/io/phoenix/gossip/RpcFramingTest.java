package io.phoenix.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.proto.RpcProto.ControlIHave;
import io.phoenix.gossip.proto.RpcProto.ControlMessage;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.gossip.proto.RpcProto.RPC;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpcFramingTest {
    static final RPC SAMPLE = RPC.newBuilder()
            .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("t"))
            .addPublish(Message.newBuilder().setTopic("t").setData(ByteString.copyFromUtf8("hi")))
            .setControl(ControlMessage.newBuilder().addIhave(ControlIHave.newBuilder().setTopicID("t").addMessageIDs(ByteString.copyFromUtf8("id"))))
            .build();

    static byte[] frame(RPC rpc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RpcFraming.write(out, rpc);
        return out.toByteArray();
    }

    @Test
    void goldenFrameRoundTrips() throws IOException {
        byte[] f = frame(SAMPLE);
        String expected = "1b" // uvarint length 27
                + "0a05" + "0801" + "120174" // 1 subscriptions: SubOpts{1 subscribe=true, 2 topicid="t"}
                + "1207" + "12026869" + "220174" // 2 publish: Message{2 data="hi", 4 topic="t"}
                + "1a09" + "0a07" + "0a0174" + "12026964"; // 3 control: {1 ihave: {1 topicID="t", 2 messageIDs="id"}}
        assertEquals(expected, HexFormat.of().formatHex(f));
        assertEquals(SAMPLE, RpcFraming.read(new ByteArrayInputStream(f), 1024));
    }

    @Test
    void cleanEndOfStreamBetweenFramesIsNull() throws IOException {
        assertNull(RpcFraming.read(new ByteArrayInputStream(new byte[0]), 1024));
    }

    @Test
    void EveryTruncationOfAFrameIsRejected() throws IOException {
        byte[] f = frame(SAMPLE);
        for (int n = 1; n < f.length; n++) {
            byte[] cut = Arrays.copyOf(f, n);
            assertThrows(RpcFraming.MalformedRpcException.class, () -> RpcFraming.read(new ByteArrayInputStream(cut), 1024), "cut at " + n);
        }
    }

    @Test
    void OversizedLengthIsRejectedWithoutAllocating() {
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}; // 4 GiB - 1
        assertThrows(RpcFraming.MalformedRpcException.class, () -> RpcFraming.read(new ByteArrayInputStream(huge), 4 << 20));
        byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThrows(RpcFraming.MalformedRpcException.class, () -> RpcFraming.read(new ByteArrayInputStream(tooLong), 4 << 20));
    }

    @Test
    void RandomBytesGiveAnRpcOrAMalformedError() {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            if (junk.length > 0) junk[0] = (byte) r.nextInt(junk.length); // plausible length prefixes
            try {
                var in = new ByteArrayInputStream(junk);
                while (RpcFraming.read(in, 1024) != null) {
                    // whatever parses must be a complete RPC; keep reading until the end
                }
            } catch (RpcFraming.MalformedRpcException expected) {
                // clean rejection
            } catch (IOException e) {
                throw new AssertionError("unexpected " + e, e);
            }
        }
    }

    @Test
    void oversizedRpcIsSplitIntoFittingParts() {
        RPC.Builder b = RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("t"));
        for (int i = 0; i < 10; i++) b.addPublish(Message.newBuilder().setTopic("t").setData(ByteString.copyFrom(new byte[300])));
        b.addPublish(Message.newBuilder().setTopic("t").setData(ByteString.copyFrom(new byte[5000]))); // cannot fit: dropped
        List<RPC> parts = RpcFraming.split(b.build(), 1000);
        assertTrue(parts.size() >= 4, "parts: " + parts.size());
        int messages = 0;
        for (RPC p : parts) {
            assertTrue(p.getSerializedSize() <= 1000);
            messages += p.getPublishCount();
        }
        assertEquals(10, messages);
        assertEquals(1, parts.get(0).getSubscriptionsCount());
    }
}
