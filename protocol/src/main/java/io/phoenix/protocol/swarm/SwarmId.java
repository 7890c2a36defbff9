package io.phoenix.protocol.swarm;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Multibase;
import io.phoenix.protocol.multiformats.Multihash;

/**
 * The identity of a swarm: {@code sha2-256} of the swarm definition's canonical form
 * ({@link SwarmCanonicalForm}), as a multihash. Text form: multibase base32 lower of the multihash
 * bytes, e.g. {@code bciq…} (59 characters); this is the {@code <swarm-id>} in topic names.
 */
public record SwarmId(Multihash multihash) {
    public SwarmId {
        if (multihash.code() != Multihash.SHA2_256) throw new FormatException("swarm id must be a sha2-256 multihash");
    }

    public static SwarmId ofCanonicalForm(byte[] canonical) {
        return new SwarmId(Multihash.sha256(canonical));
    }

    public static SwarmId fromBytes(byte[] multihashBytes) {
        return new SwarmId(Multihash.fromBytes(multihashBytes));
    }

    public static SwarmId parse(String text) {
        try {
            return fromBytes(Multibase.decode(text));
        } catch (FormatException e) {
            throw new FormatException("invalid swarm id '" + text + "': " + e.getMessage(), e);
        }
    }

    public byte[] toBytes() {
        return multihash.toBytes();
    }

    @Override
    public String toString() {
        return Multibase.encodeBase32(multihash.toBytes());
    }
}
