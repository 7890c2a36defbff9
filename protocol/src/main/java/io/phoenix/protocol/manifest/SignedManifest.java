package io.phoenix.protocol.manifest;

import io.phoenix.protocol.crypto.Ed25519;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.ipld.DagCbor;
import io.phoenix.protocol.ipld.DagCborException;
import io.phoenix.protocol.multiformats.Cid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A manifest with its two signatures. Encoded as the DAG-CBOR map of {@link Manifest} plus
 * {@code sig: {ed25519, mldsa65}}; its CID is {@code CIDv1(dag-cbor, sha2-256(encoding))}.
 */
public record SignedManifest(Manifest manifest, byte[] ed25519Signature, byte[] mlDsa65Signature) {
    /** Largest accepted encoding. */
    public static final int MAX_BYTES = 1024 * 1024;

    public SignedManifest {
        Objects.requireNonNull(manifest, "manifest");
        if (ed25519Signature.length != Ed25519.SIGNATURE_LENGTH) throw new IllegalArgumentException("Ed25519 signature must be 64 bytes");
        if (mlDsa65Signature.length != MlDsa65KeyPair.SIGNATURE_LENGTH) throw new IllegalArgumentException("ML-DSA-65 signature must be 3309 bytes");
        ed25519Signature = ed25519Signature.clone();
        mlDsa65Signature = mlDsa65Signature.clone();
    }

    /** Canonical DAG-CBOR bytes (what is stored, gossiped, and pinned). */
    public byte[] encode() {
        Map<String, Object> m = manifest.toDag();
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("ed25519", ed25519Signature);
        sig.put("mldsa65", mlDsa65Signature);
        m.put("sig", sig);
        return DagCbor.encode(m);
    }

    public Cid cid() {
        return Cid.of(Cid.DAG_CBOR, encode());
    }

    /**
     * The manifest's IPLD links, i.e. its children in the snapshot DAG: the layer root tree blocks
     * (raw) and the index pages (dag-cbor). Parents are not links (see docs/format.md).
     */
    public List<Cid> links() {
        List<Cid> out = new ArrayList<>(manifest.layers().values());
        out.addAll(manifest.indexPages());
        return out;
    }

    /** Parses and checks the structure (not the signatures: call {@link #verify()}). */
    public static SignedManifest decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new ManifestFormatException("manifest of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        Object root;
        try {
            root = DagCbor.decode(bytes);
        } catch (DagCborException e) {
            throw new ManifestFormatException("manifest is not canonical DAG-CBOR: " + e.getMessage(), e);
        }
        DagFields f = new DagFields("manifest", root, Manifest.KEYS);
        DagFields sig = new DagFields("manifest.sig", f.value("sig"), Set.of("ed25519", "mldsa65"));
        SignedManifest m = new SignedManifest(Manifest.fromDag(f),
                sig.bytes("ed25519", Ed25519.SIGNATURE_LENGTH), sig.bytes("mldsa65", MlDsa65KeyPair.SIGNATURE_LENGTH));
        if (!Arrays.equals(m.encode(), bytes)) throw new ManifestFormatException("manifest encoding is not canonical");
        return m;
    }

    /** Decodes bytes fetched by CID, checking they hash to it first. */
    public static SignedManifest decode(Cid cid, byte[] bytes) {
        if (cid.codec() != Cid.DAG_CBOR) throw new ManifestFormatException("CID " + cid + " is not a dag-cbor CID");
        if (!cid.verifies(bytes)) throw new ManifestFormatException("manifest bytes do not hash to " + cid);
        return decode(bytes);
    }

    /**
     * Checks that the peer id belongs to the Ed25519 key and that both signatures verify over
     * {@link Manifest#signingPayload()}; otherwise throws naming what failed. (Whether the author
     * may write to the swarm is the swarm definition's business.)
     */
    public void verify() {
        Author a = manifest.author();
        if (!a.peerIdMatchesKey()) {
            throw new ManifestSignatureException("manifest author peer id " + a.peerId() + " is not derived from its Ed25519 public key");
        }
        byte[] payload = manifest.signingPayload();
        boolean ed = Ed25519.verify(a.ed25519PublicKey(), payload, ed25519Signature);
        boolean pq = MlDsa65KeyPair.verify(a.mlDsa65PublicKey(), payload, mlDsa65Signature);
        if (!ed && !pq) throw new ManifestSignatureException("manifest signatures invalid: neither Ed25519 nor ML-DSA-65 verifies (forged or altered)");
        if (!ed) throw new ManifestSignatureException("manifest Ed25519 signature invalid (ML-DSA-65 verifies): forged or altered");
        if (!pq) throw new ManifestSignatureException("manifest ML-DSA-65 signature invalid (Ed25519 verifies): forged or altered");
    }

    @Override
    public byte[] ed25519Signature() {
        return ed25519Signature.clone();
    }

    @Override
    public byte[] mlDsa65Signature() {
        return mlDsa65Signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedManifest s && s.manifest.equals(manifest) && Arrays.equals(s.ed25519Signature, ed25519Signature)
                && Arrays.equals(s.mlDsa65Signature, mlDsa65Signature);
    }

    @Override
    public int hashCode() {
        return manifest.hashCode();
    }

    @Override
    public String toString() {
        return "SignedManifest[" + manifest.dataset() + " #" + manifest.sequence() + "]";
    }
}
