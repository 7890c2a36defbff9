package io.phoenix.gossip.router;

import com.google.protobuf.ByteString;
import io.phoenix.gossip.proto.RpcProto.Message;
import io.phoenix.protocol.p2p.PeerId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The StrictSign policy of libp2p pubsub: every message carries {@code from}, an 8-byte
 * {@code seqno} and a signature over {@code "libp2p-pubsub:" ‖ protobuf(from, data, seqno, topic)}
 * (fields 1–4 in field order, signature and key left out). Message ids follow js-libp2p's default
 * for StrictSign: {@code PublicKey-protobuf(author) ‖ seqno}.
 */
public final class StrictSign {
    static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
    public static final int SEQNO_LENGTH = 8;

    private StrictSign() {}

    /** A message that passed the checks: its id and its author. */
    public record Verified(ByteString id, PeerId author) {}

    /** Why a message failed StrictSign. */
    public static final class InvalidMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidMessageException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Builds and signs a message of {@code author}. */
    public static Message sign(GossipAuthor author, String topic, byte[] data, long seqno) {
        Message unsigned = Message.newBuilder()
                .setFrom(ByteString.copyFrom(author.peerId().toBytes()))
                .setData(ByteString.copyFrom(data))
                .setSeqno(ByteString.copyFrom(ByteBuffer.allocate(SEQNO_LENGTH).putLong(seqno).array()))
                .setTopic(topic)
                .build();
        byte[] signature = author.sign(signingPayload(unsigned));
        return unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(signature))
                .setKey(ByteString.copyFrom(author.publicKeyProtobuf()))
                .build();
    }

    /** {@code "libp2p-pubsub:" ‖ protobuf(from, data, seqno, topic)}. */
    static byte[] signingPayload(Message message) {
        Message.Builder b = Message.newBuilder();
        if (message.hasFrom()) b.setFrom(message.getFrom());
        if (message.hasData()) b.setData(message.getData());
        if (message.hasSeqno()) b.setSeqno(message.getSeqno());
        if (message.hasTopic()) b.setTopic(message.getTopic());
        byte[] body = b.build().toByteArray();
        byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + body.length);
        System.arraycopy(body, 0, out, PREFIX.length, body.length);
        return out;
    }

    /** js-libp2p's default message id for signed messages: author key protobuf ‖ seqno. */
    static ByteString messageId(byte[] authorKeyProtobuf, ByteString seqno) {
        return ByteString.copyFrom(authorKeyProtobuf).concat(seqno);
    }

    /** Checks fields, key and signature; returns the id and author or says what is wrong. */
    public static Verified verify(Message message, SignatureVerifier verifier) throws InvalidMessageException {
        if (!message.hasTopic()) throw new InvalidMessageException("missing topic");
        if (!message.hasFrom()) throw new InvalidMessageException("missing from");
        if (!message.hasSeqno() || message.getSeqno().size() != SEQNO_LENGTH) {
            throw new InvalidMessageException("seqno must be exactly 8 bytes");
        }
        if (!message.hasSignature()) throw new InvalidMessageException("missing signature");
        PeerId author;
        try {
            author = PeerId.fromBytes(message.getFrom().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("from is not a peer id");
        }
        byte[] key;
        if (message.hasKey()) {
            key = message.getKey().toByteArray();
            if (!author.matchesPublicKey(key)) throw new InvalidMessageException("key does not match from");
        } else {
            key = author.inlinePublicKey();
            if (key == null) throw new InvalidMessageException("no key and from does not inline one");
        }
        boolean valid;
        try {
            valid = verifier.verify(key, signingPayload(message), message.getSignature().toByteArray());
        } catch (RuntimeException e) { // a malformed key is the sender's fault, not ours
            valid = false;
        }
        if (!valid) throw new InvalidMessageException("bad signature");
        return new Verified(messageId(key, message.getSeqno()), author);
    }
}
