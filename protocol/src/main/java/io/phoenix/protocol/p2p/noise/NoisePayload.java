package io.phoenix.protocol.p2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.crypto.PublicKeys;
import io.phoenix.protocol.p2p.proto.NoiseProto;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The libp2p Noise handshake payload: identity key ({@code PublicKey} protobuf), signature over
 * {@code "noise-libp2p-static-key:" ‖ X25519 static key}, and the early-muxer list
 * ({@code extensions.stream_muxers}). Parsed leniently (unknown fields ignored), verified strictly.
 */
public record NoisePayload(byte[] identityKey, byte[] identitySig, List<String> streamMuxers) {
    static final byte[] SIG_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
    /** Largest payload accepted (fits one Noise message). */
    public static final int MAX_BYTES = 65535;

    public NoisePayload {
        streamMuxers = List.copyOf(streamMuxers);
    }

    public static NoisePayload sign(IdentityKey key, byte[] noiseStaticPublic, List<String> muxers) {
        return new NoisePayload(key.publicKeyProtobuf(), key.sign(signedBytes(noiseStaticPublic)), muxers);
    }

    public byte[] encode() {
        NoiseProto.NoiseHandshakePayload.Builder b = NoiseProto.NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identityKey))
                .setIdentitySig(ByteString.copyFrom(identitySig));
        if (!streamMuxers.isEmpty()) b.setExtensions(NoiseProto.NoiseExtensions.newBuilder().addAllStreamMuxers(streamMuxers));
        return b.build().toByteArray();
    }

    public static NoisePayload decode(byte[] bytes) {
        try {
            NoiseProto.NoiseHandshakePayload p = NoiseProto.NoiseHandshakePayload.parseFrom(bytes);
            if (!p.hasIdentityKey() || !p.hasIdentitySig()) throw new NoiseException("Noise payload lacks identity_key or identity_sig");
            List<String> muxers = p.hasExtensions() ? p.getExtensions().getStreamMuxersList() : List.of();
            if (muxers.size() > 16) throw new NoiseException("Noise payload lists more than 16 stream muxers");
            return new NoisePayload(p.getIdentityKey().toByteArray(), p.getIdentitySig().toByteArray(), muxers);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseException("malformed Noise handshake payload: " + e.getMessage());
        }
    }

    /** Checks the signature over the remote's Noise static key; returns the proven peer id. */
    public PeerId verify(byte[] remoteNoiseStatic) {
        try {
            PeerId id = PublicKeys.peerId(identityKey);
            if (!PublicKeys.verify(identityKey, signedBytes(remoteNoiseStatic), identitySig)) {
                throw new NoiseException("Noise identity signature does not verify for " + id);
            }
            return id;
        } catch (FormatException e) {
            throw new NoiseException("Noise identity key is malformed: " + e.getMessage());
        }
    }

    static byte[] signedBytes(byte[] noiseStatic) {
        byte[] m = new byte[SIG_PREFIX.length + noiseStatic.length];
        System.arraycopy(SIG_PREFIX, 0, m, 0, SIG_PREFIX.length);
        System.arraycopy(noiseStatic, 0, m, SIG_PREFIX.length, noiseStatic.length);
        return m;
    }
}
