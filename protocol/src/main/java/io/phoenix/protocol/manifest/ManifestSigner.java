package io.phoenix.protocol.manifest;

import io.phoenix.protocol.crypto.Ed25519;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;

/** Signs manifests with a writer's two keys: a raw 32-byte Ed25519 seed and an ML-DSA-65 key pair. */
public final class ManifestSigner {
    private final byte[] ed25519Seed;
    private final MlDsa65KeyPair mlDsa;
    private final Author author;

    public ManifestSigner(byte[] ed25519Seed, MlDsa65KeyPair mlDsa) {
        this.ed25519Seed = ed25519Seed.clone();
        this.mlDsa = mlDsa;
        byte[] pub = Ed25519.publicKey(this.ed25519Seed);
        this.author = new Author(Author.peerIdOf(pub), pub, mlDsa.publicKey());
    }

    /** The author these keys sign as (put it in the {@link Manifest} before signing). */
    public Author author() {
        return author;
    }

    public SignedManifest sign(Manifest manifest) {
        if (!manifest.author().equals(author)) throw new IllegalArgumentException("manifest author is not this signer");
        byte[] payload = manifest.signingPayload();
        return new SignedManifest(manifest, Ed25519.sign(ed25519Seed, payload), mlDsa.sign(payload));
    }
}
