package io.phoenix.protocol.p2p;

import io.phoenix.protocol.multiformats.Base58;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Multibase;
import io.phoenix.protocol.multiformats.Multihash;
import java.util.Arrays;

/**
 * A libp2p peer id: the multihash of the peer's {@code PublicKey} protobuf — identity multihash
 * when that protobuf is at most 42 bytes (Ed25519: text {@code 12D3KooW…}), sha2-256 otherwise
 * (RSA: {@code Qm…}). Text form is bare base58btc; CIDv1 ({@code libp2p-key}) text is accepted.
 */
public final class PeerId implements Comparable<PeerId> {
    private static final int MAX_INLINE_KEY = 42;
    private final byte[] bytes;

    private PeerId(byte[] multihashBytes) {
        Multihash.fromBytes(multihashBytes); // validates
        this.bytes = multihashBytes.clone();
    }

    /** Peer id of a {@code PublicKey} protobuf (field 1 type, field 2 data). */
    public static PeerId fromPublicKeyProtobuf(byte[] publicKeyProtobuf) {
        Multihash mh = publicKeyProtobuf.length <= MAX_INLINE_KEY
                ? Multihash.identity(publicKeyProtobuf)
                : Multihash.sha256(publicKeyProtobuf);
        return new PeerId(mh.toBytes());
    }

    public static PeerId fromBytes(byte[] multihashBytes) {
        return new PeerId(multihashBytes);
    }

    public static PeerId parse(String text) {
        if (text == null || text.isEmpty()) throw new FormatException("empty peer id");
        try {
            if (text.startsWith("1") || text.startsWith("Qm")) return new PeerId(Base58.decode(text));
            Cid cid = Cid.fromBytes(Multibase.decode(text));
            if (cid.codec() != Cid.LIBP2P_KEY) throw new FormatException("CID codec is not libp2p-key");
            return new PeerId(cid.multihash().toBytes());
        } catch (FormatException e) {
            throw new FormatException("invalid peer id '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The multihash bytes (what {@code /p2p/} multiaddrs and gossipsub {@code from} carry). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The {@code PublicKey} protobuf when it is inlined (identity multihash), else null. */
    public byte[] inlinePublicKey() {
        Multihash mh = Multihash.fromBytes(bytes);
        return mh.code() == Multihash.IDENTITY ? mh.digest() : null;
    }

    /** True when {@code publicKeyProtobuf} is the key this id was derived from. */
    public boolean matchesPublicKey(byte[] publicKeyProtobuf) {
        return equals(fromPublicKeyProtobuf(publicKeyProtobuf));
    }

    @Override
    public String toString() {
        return Base58.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PeerId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
