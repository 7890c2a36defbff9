package io.phoenix.protocol.p2p.crypto;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.PeerId;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 libp2p identity key pair (RFC 8032, pure Ed25519). Serialised as the libp2p
 * {@code PrivateKey} protobuf {@code 08 01 12 40 <32-byte seed ‖ 32-byte public key>} (68 bytes),
 * the layout js-libp2p and go-libp2p write to key files.
 */
public final class IdentityKey {
    private static final int SEED = 32;
    private final byte[] seed;
    private final byte[] publicKey;
    private final byte[] publicKeyProtobuf;
    private final PeerId peerId;

    private IdentityKey(byte[] seed) {
        this.seed = seed.clone();
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(this.seed, 0, publicKey, 0);
        this.publicKeyProtobuf = PublicKeys.encode(PublicKeys.KeyType.ED25519, publicKey);
        this.peerId = PeerId.fromPublicKeyProtobuf(publicKeyProtobuf);
    }

    public static IdentityKey generate(SecureRandom random) {
        byte[] seed = new byte[SEED];
        random.nextBytes(seed);
        return new IdentityKey(seed);
    }

    /** Key from a raw 32-byte Ed25519 seed (RFC 8032 private key). */
    public static IdentityKey fromSeed(byte[] seed) {
        if (seed.length != SEED) throw new FormatException("Ed25519 seed must be 32 bytes, got " + seed.length);
        return new IdentityKey(seed);
    }

    /**
     * Parses a libp2p {@code PrivateKey} protobuf. Accepts Ed25519 data of 64 bytes (seed ‖ public
     * key; the public half must match the seed) or 32 bytes (seed only).
     */
    public static IdentityKey fromPrivateKeyProtobuf(byte[] protobuf) {
        PublicKeys.Decoded d = PublicKeys.decodeKeyMessage(protobuf, "PrivateKey");
        if (d.type() != PublicKeys.KeyType.ED25519) {
            throw new FormatException("private key type " + d.type() + " is not supported (only Ed25519)");
        }
        byte[] data = d.data();
        if (data.length != 64 && data.length != SEED) {
            throw new FormatException("Ed25519 private key data must be 64 or 32 bytes, got " + data.length);
        }
        IdentityKey key = new IdentityKey(Arrays.copyOf(data, SEED));
        if (data.length == 64 && !Arrays.equals(key.publicKey, Arrays.copyOfRange(data, SEED, 64))) {
            throw new FormatException("Ed25519 private key: public half does not match the seed");
        }
        return key;
    }

    /** The libp2p {@code PrivateKey} protobuf (68 bytes). */
    public byte[] toPrivateKeyProtobuf() {
        byte[] data = new byte[64];
        System.arraycopy(seed, 0, data, 0, SEED);
        System.arraycopy(publicKey, 0, data, SEED, 32);
        return PublicKeys.encode(PublicKeys.KeyType.ED25519, data);
    }

    /** The libp2p {@code PublicKey} protobuf: {@code 08 01 12 20 <32-byte key>}. */
    public byte[] publicKeyProtobuf() {
        return publicKeyProtobuf.clone();
    }

    public byte[] rawPublicKey() {
        return publicKey.clone();
    }

    public PeerId peerId() {
        return peerId;
    }

    /** Pure Ed25519 signature (64 bytes) over {@code message}. */
    public byte[] sign(byte[] message) {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    @Override
    public String toString() {
        return "IdentityKey[" + peerId + "]";
    }
}
