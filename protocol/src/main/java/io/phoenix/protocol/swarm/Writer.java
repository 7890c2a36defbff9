package io.phoenix.protocol.swarm;

import io.phoenix.protocol.multiformats.Multibase;
import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.p2p.PeerId;
import java.util.Arrays;
import java.util.Objects;

/**
 * A site allowed to author snapshots: its peer id (the Ed25519 signature) and its ML-DSA-65 public
 * key (the post-quantum signature), either in full or as a fingerprint
 * ({@code sha2-256} multihash of the raw 1,952-byte FIPS 204 public key).
 *
 * @param mlDsaPublicKey the raw ML-DSA-65 public key, or null when only the fingerprint is known
 */
public record Writer(PeerId peerId, byte[] mlDsaPublicKey, Multihash mlDsaFingerprint) {
    /** Length of an ML-DSA-65 public key (FIPS 204, {@code rho ‖ t1}). */
    public static final int ML_DSA_65_PUBLIC_KEY_BYTES = 1952;

    public Writer {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(mlDsaFingerprint, "mlDsaFingerprint");
        mlDsaPublicKey = mlDsaPublicKey == null ? null : mlDsaPublicKey.clone();
    }

    /** A writer given by its full ML-DSA-65 key; the fingerprint is computed. */
    public static Writer withKey(PeerId peerId, byte[] mlDsaPublicKey) {
        return new Writer(peerId, mlDsaPublicKey, fingerprintOf(mlDsaPublicKey));
    }

    /** A writer given only by the fingerprint of its ML-DSA-65 key. */
    public static Writer withFingerprint(PeerId peerId, Multihash fingerprint) {
        return new Writer(peerId, null, fingerprint);
    }

    public static Multihash fingerprintOf(byte[] mlDsaPublicKey) {
        return Multihash.sha256(mlDsaPublicKey);
    }

    /** Text form of the fingerprint: multibase base32 of the multihash bytes ({@code bciq…}). */
    public String fingerprintText() {
        return Multibase.encodeBase32(mlDsaFingerprint.toBytes());
    }

    /** True when {@code mlDsaPublicKey} is this writer's key. */
    public boolean matchesKey(byte[] key) {
        return mlDsaFingerprint.code() == Multihash.SHA2_256 && mlDsaFingerprint.equals(fingerprintOf(key));
    }

    @Override
    public byte[] mlDsaPublicKey() {
        return mlDsaPublicKey == null ? null : mlDsaPublicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Writer w && w.peerId.equals(peerId) && w.mlDsaFingerprint.equals(mlDsaFingerprint)
                && Arrays.equals(w.mlDsaPublicKey, mlDsaPublicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(peerId, mlDsaFingerprint);
    }

    @Override
    public String toString() {
        return "Writer[" + peerId + ", mldsa65=" + fingerprintText() + "]";
    }
}
