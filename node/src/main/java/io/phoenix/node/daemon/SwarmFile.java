package io.phoenix.node.daemon;

import io.phoenix.protocol.multiformats.Multibase;
import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.InvalidSwarmDefinitionException;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.toml.Toml;
import org.apache.tuweni.toml.TomlArray;
import org.apache.tuweni.toml.TomlParseResult;
import org.apache.tuweni.toml.TomlTable;

/**
 * The swarm definition as a TOML file ({@code swarm.toml}, format 1, layout in docs/daemon.md).
 * The smallest reader/writer the daemon needs; the swarm id is computed from the definition's
 * canonical form, never from these bytes, so formatting and comments do not change it.
 */
public final class SwarmFile {
    public static final int FORMAT = 1;

    private SwarmFile() {}

    public static SwarmDefinition read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static SwarmDefinition parse(String text, String source) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            throw new InvalidSwarmDefinitionException(List.of(source + ": invalid TOML: " + toml.errors().get(0).toString()));
        }
        List<String> problems = new ArrayList<>();
        Long format = toml.getLong("format");
        if (format == null || format != FORMAT) problems.add(source + ": 'format' must be " + FORMAT);
        String name = toml.getString("name");
        List<Site> sites = new ArrayList<>();
        TomlArray siteArray = toml.getArray("site");
        if (siteArray != null) {
            for (int i = 0; i < siteArray.size(); i++) {
                TomlTable t = siteArray.getTable(i);
                String label = source + ": site #" + (i + 1);
                try {
                    List<Multiaddr> addrs = new ArrayList<>();
                    TomlArray a = t.getArray("addresses");
                    if (a != null) for (int j = 0; j < a.size(); j++) addrs.add(Multiaddr.parse(a.getString(j)));
                    sites.add(new Site(t.getString("name"), PeerId.parse(t.getString("peer")), addrs,
                            SiteRole.parse(t.getString("role") == null ? "full" : t.getString("role"))));
                } catch (RuntimeException e) {
                    problems.add(label + ": " + e.getMessage());
                }
            }
        }
        List<Writer> writers = new ArrayList<>();
        TomlArray writerArray = toml.getArray("writer");
        if (writerArray != null) {
            for (int i = 0; i < writerArray.size(); i++) {
                TomlTable t = writerArray.getTable(i);
                try {
                    PeerId peer = PeerId.parse(t.getString("peer"));
                    String key = t.getString("mldsa65_key");
                    if (key != null) {
                        writers.add(Writer.withKey(peer, Multibase.decode(key)));
                    } else {
                        writers.add(Writer.withFingerprint(peer, Multihash.fromBytes(Multibase.decode(t.getString("mldsa65")))));
                    }
                } catch (RuntimeException e) {
                    problems.add(source + ": writer #" + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        List<PeerId> readers = new ArrayList<>();
        TomlArray readerArray = toml.getArray("readers");
        if (readerArray != null) {
            for (int i = 0; i < readerArray.size(); i++) {
                try {
                    readers.add(PeerId.parse(readerArray.getString(i)));
                } catch (RuntimeException e) {
                    problems.add(source + ": readers[" + i + "]: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) throw new InvalidSwarmDefinitionException(problems);
        return new SwarmDefinition(name, sites, writers, readers);
    }

    public static String format(SwarmDefinition d) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Phoenix swarm definition; swarm id ").append(d.id()).append('\n');
        sb.append("format = ").append(FORMAT).append('\n');
        sb.append("name = \"").append(d.name()).append("\"\n");
        sb.append("readers = [");
        for (int i = 0; i < d.readers().size(); i++) sb.append(i == 0 ? "" : ", ").append('"').append(d.readers().get(i)).append('"');
        sb.append("]\n");
        for (Site s : d.sites()) {
            sb.append("\n[[site]]\nname = \"").append(s.name()).append("\"\npeer = \"").append(s.peerId())
                    .append("\"\nrole = \"").append(s.role().label()).append("\"\naddresses = [");
            for (int i = 0; i < s.addresses().size(); i++) sb.append(i == 0 ? "" : ", ").append('"').append(s.addresses().get(i)).append('"');
            sb.append("]\n");
        }
        for (Writer w : d.writers()) {
            sb.append("\n[[writer]]\npeer = \"").append(w.peerId()).append("\"\nmldsa65 = \"").append(w.fingerprintText()).append("\"\n");
            byte[] key = w.mlDsaPublicKey();
            if (key != null) sb.append("mldsa65_key = \"").append(Multibase.encodeBase32(key)).append("\"\n");
        }
        return sb.toString();
    }

    public static void write(Path file, SwarmDefinition d) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, format(d), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

}
