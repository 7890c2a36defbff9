package io.phoenix.protocol.swarm;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Varint;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.crypto.PublicKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * "Site {@code site} holds snapshot {@code manifest} complete, every block verified by CID, since
 * {@code verifiedAtMillis}", signed by the site's identity key. Anyone can check it with nothing
 * but the receipt (Ed25519 peer ids carry their public key) and the swarm definition.
 *
 * <p>Signing bytes, version 1: {@code "phoenix-receipt" 0x00 ‖ u8(1) ‖ bytes(swarm id) ‖
 * bytes(site peer id) ‖ bytes(manifest CID) ‖ uvarint(sequence) ‖ uvarint(verifiedAtMillis)},
 * where {@code bytes(x) = uvarint(len) ‖ x}. Independent of the protobuf carrying the receipt.
 */
public record ReplicationReceipt(SwarmId swarm, PeerId site, Cid manifest, long sequence, long verifiedAtMillis, byte[] signature) {
    /** The gossipsub topic of a swarm's receipts. */
    public static String topic(SwarmId swarm) {
        return "/phoenix/" + swarm + "/receipts";
    }

    public static final int VERSION = 1;
    private static final byte[] DOMAIN = "phoenix-receipt\0".getBytes(StandardCharsets.US_ASCII);

    public ReplicationReceipt {
        Objects.requireNonNull(swarm);
        Objects.requireNonNull(site);
        Objects.requireNonNull(manifest);
        if (sequence < 0 || verifiedAtMillis < 0) throw new FormatException("receipt sequence and time must not be negative");
        signature = signature.clone();
    }

    /** Signs a new receipt with the site's identity key. */
    public static ReplicationReceipt sign(IdentityKey key, SwarmId swarm, Cid manifest, long sequence, long verifiedAtMillis) {
        byte[] sig = key.sign(signingBytes(swarm, key.peerId(), manifest, sequence, verifiedAtMillis));
        return new ReplicationReceipt(swarm, key.peerId(), manifest, sequence, verifiedAtMillis, sig);
    }

    public static byte[] signingBytes(SwarmId swarm, PeerId site, Cid manifest, long sequence, long verifiedAtMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        out.write(VERSION);
        writeBytes(out, swarm.toBytes());
        writeBytes(out, site.toBytes());
        writeBytes(out, manifest.toBytes());
        Varint.write(sequence, out);
        Varint.write(verifiedAtMillis, out);
        return out.toByteArray();
    }

    /**
     * Checks the receipt against the swarm: right swarm id, signed by a site of the swarm with its
     * identity key. Throws {@link InvalidReceiptException} saying which check failed.
     */
    public void verify(SwarmDefinition definition, SwarmId swarmId) {
        if (!swarm.equals(swarmId)) throw new InvalidReceiptException("receipt for swarm " + swarm + ", not ours (" + swarmId + ")");
        if (definition.site(site).isEmpty()) throw new InvalidReceiptException("receipt from " + site + ", which is not a site of the swarm");
        byte[] key = site.inlinePublicKey();
        if (key == null) throw new InvalidReceiptException("receipt site " + site + " does not inline its public key");
        boolean ok;
        try {
            ok = PublicKeys.verify(key, signingBytes(swarm, site, manifest, sequence, verifiedAtMillis), signature);
        } catch (FormatException e) {
            throw new InvalidReceiptException("receipt from " + site + ": bad key or signature: " + e.getMessage(), e);
        }
        if (!ok) throw new InvalidReceiptException("receipt from " + site + " for " + manifest + ": signature does not verify");
    }

    public io.phoenix.protocol.swarm.pb.ReplicationReceipt toProto() {
        return io.phoenix.protocol.swarm.pb.ReplicationReceipt.newBuilder().setVersion(VERSION)
                .setSwarmId(ByteString.copyFrom(swarm.toBytes())).setSite(ByteString.copyFrom(site.toBytes()))
                .setManifest(ByteString.copyFrom(manifest.toBytes())).setSequence(sequence)
                .setVerifiedAtMs(verifiedAtMillis).setSignature(ByteString.copyFrom(signature)).build();
    }

    public static ReplicationReceipt fromProto(io.phoenix.protocol.swarm.pb.ReplicationReceipt p) {
        if (p.getVersion() != VERSION) throw new FormatException("unsupported receipt version " + p.getVersion());
        if (p.getSignature().size() > 1024) throw new FormatException("receipt signature too long");
        return new ReplicationReceipt(SwarmId.fromBytes(p.getSwarmId().toByteArray()), PeerId.fromBytes(p.getSite().toByteArray()),
                Cid.fromBytes(p.getManifest().toByteArray()), p.getSequence(), p.getVerifiedAtMs(), p.getSignature().toByteArray());
    }

    public byte[] encode() {
        return toProto().toByteArray();
    }

    public static ReplicationReceipt decode(byte[] bytes) {
        try {
            return fromProto(io.phoenix.protocol.swarm.pb.ReplicationReceipt.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new FormatException("malformed receipt: " + e.getMessage(), e);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
        Varint.write(b.length, out);
        out.writeBytes(b);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicationReceipt r && r.swarm.equals(swarm) && r.site.equals(site) && r.manifest.equals(manifest)
                && r.sequence == sequence && r.verifiedAtMillis == verifiedAtMillis && Arrays.equals(r.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(site, manifest, sequence, verifiedAtMillis);
    }
}
