package io.phoenix.gossip.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.GossipSub;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StrictSignTest {
    static final IdentityKey KEY = IdentityKey.fromSeed(new byte[32]);
    static final GossipAuthor AUTHOR = new GossipAuthor(KEY.peerId(), KEY.publicKeyProtobuf(), KEY::sign);

    @Test
    void signingPayloadIsPrefixAndFieldsOneToFourInOrder() {
        Message m = StrictSign.sign(AUTHOR, "t", "hi".getBytes(), 1);
        String from = HexFormat.of().formatHex(KEY.peerId().toBytes()); // 00 24 08 01 12 20 <key>, 38 bytes
        String expected = HexFormat.of().formatHex("libp2p-pubsub:".getBytes())
                + "0a26" + from + "12026869" + "1a08" + "0000000000000001" + "220174";
        assertEquals(expected, HexFormat.of().formatHex(StrictSign.signingPayload(m)));
        // signature and key do not take part, even if present and in any order
        assertEquals(expected, HexFormat.of().formatHex(StrictSign.signingPayload(m.toBuilder().setSignature(ByteString.copyFromUtf8("x")).build())));
    }

    @Test
    void signedMessageVerifiesAndIdIsKeyThenSeqno() throws Exception {
        Message m = StrictSign.sign(AUTHOR, "t", "hi".getBytes(), 0x0102030405060708L);
        StrictSign.Verified v = StrictSign.verify(m, GossipSub::verifyLibp2p);
        assertEquals(KEY.peerId(), v.author());
        assertEquals(HexFormat.of().formatHex(KEY.publicKeyProtobuf()) + "0102030405060708", HexFormat.of().formatHex(v.id().toByteArray()));
        // without the key field the key inlined in `from` is used (js accepts both)
        assertEquals(v, StrictSign.verify(m.toBuilder().clearKey().build(), GossipSub::verifyLibp2p));
    }

    @Test
    void TamperedFieldsFailVerification() {
        Message m = StrictSign.sign(AUTHOR, "t", "hi".getBytes(), 9);
        IdentityKey other = IdentityKey.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        for (Message bad : new Message[] {
            m.toBuilder().setData(ByteString.copyFromUtf8("ho")).build(),
            m.toBuilder().setTopic("u").build(),
            m.toBuilder().setSeqno(ByteString.copyFrom(new byte[8])).build(),
            m.toBuilder().setKey(ByteString.copyFrom(other.publicKeyProtobuf())).build(), // key not of `from`
            m.toBuilder().setFrom(ByteString.copyFrom(other.peerId().toBytes())).clearKey().build(),
            m.toBuilder().setKey(ByteString.copyFromUtf8("garbage")).build(),
            m.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build(),
            m.toBuilder().setSignature(ByteString.copyFrom(new byte[3])).build()}) {
            assertThrows(StrictSign.InvalidMessageException.class, () -> StrictSign.verify(bad, GossipSub::verifyLibp2p));
        }
    }
}
