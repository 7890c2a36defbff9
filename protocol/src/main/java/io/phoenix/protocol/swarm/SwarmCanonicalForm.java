package io.phoenix.protocol.swarm;

import io.phoenix.protocol.multiformats.Varint;
import io.phoenix.protocol.p2p.PeerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical byte form of a swarm definition, hashed into the {@link SwarmId}. It depends only
 * on what the definition means, never on how the file was written (key order, table order,
 * whitespace, comments, list order) and it leaves out dial addresses, which are hints that change
 * (a home router's new IP must not split the swarm). Layout (version 1), see {@code docs/swarm.md}:
 *
 * <pre>
 * "phoenix-swarm" 0x00 | version u8 = 1
 * str(name)
 * uvarint(#sites)   then per site, by peer-id bytes ascending:   bytes(peer id) str(name) u8(role)
 * uvarint(#writers) then per writer, by peer-id bytes ascending: bytes(peer id) bytes(ML-DSA-65 fingerprint multihash)
 * uvarint(#readers) then per reader, by peer-id bytes ascending: bytes(peer id)
 * </pre>
 *
 * where {@code str}/{@code bytes} are {@code uvarint(length) ‖ bytes} (strings UTF-8; names are
 * restricted to ASCII so no Unicode normalisation is involved).
 */
public final class SwarmCanonicalForm {
    public static final int VERSION = 1;
    static final byte[] MAGIC = "phoenix-swarm\0".getBytes(StandardCharsets.US_ASCII);

    private SwarmCanonicalForm() {}

    public static byte[] encode(SwarmDefinition def) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        writeBytes(out, def.name().getBytes(StandardCharsets.UTF_8));
        Comparator<PeerId> byPeer = Comparator.naturalOrder();
        List<Site> sites = def.sites().stream().sorted(Comparator.comparing(Site::peerId, byPeer)).toList();
        Varint.write(sites.size(), out);
        for (Site s : sites) {
            writeBytes(out, s.peerId().toBytes());
            writeBytes(out, s.name().getBytes(StandardCharsets.UTF_8));
            out.write(s.role().code());
        }
        List<Writer> writers = def.writers().stream().sorted(Comparator.comparing(Writer::peerId, byPeer)).toList();
        Varint.write(writers.size(), out);
        for (Writer w : writers) {
            writeBytes(out, w.peerId().toBytes());
            writeBytes(out, w.mlDsaFingerprint().toBytes());
        }
        List<PeerId> readers = def.readers().stream().sorted(byPeer).toList();
        Varint.write(readers.size(), out);
        for (PeerId r : readers) writeBytes(out, r.toBytes());
        return out.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
        Varint.write(b.length, out);
        out.writeBytes(b);
    }
}
