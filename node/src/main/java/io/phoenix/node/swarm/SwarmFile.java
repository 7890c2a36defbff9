package io.phoenix.node.swarm;

import io.phoenix.protocol.FormatException;
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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.toml.Toml;
import org.apache.tuweni.toml.TomlArray;
import org.apache.tuweni.toml.TomlParseError;
import org.apache.tuweni.toml.TomlParseResult;
import org.apache.tuweni.toml.TomlPosition;
import org.apache.tuweni.toml.TomlTable;

/**
 * The swarm definition file (TOML, format 1), read with Tuweni and written by {@link #format}.
 * Unknown keys, wrong types and broken rules are rejected with the file, line and column. See
 * {@code docs/swarm.md} for the layout.
 */
public final class SwarmFile {
    public static final int FORMAT = 1;
    public static final String DEFAULT_NAME = "swarm.toml";

    private SwarmFile() {}

    public static SwarmDefinition read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SwarmFileException(file + ": no swarm file (create one with `phoenix swarm new --name NAME`)", e);
        }
        return parse(file.toString(), text);
    }

    /** Writes atomically (temp file, then rename). */
    public static void write(Path file, SwarmDefinition def) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, format(def), StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static SwarmDefinition parse(String source, String text) throws SwarmFileException {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError e = toml.errors().get(0);
            throw new SwarmFileException(at(source, e.position()) + "invalid TOML: " + e.getMessageWithoutPosition());
        }
        allowOnly(source, toml, "", Set.of("format", "name", "readers", "sites", "writers"));
        Object format = toml.get("format");
        if (format == null) throw new SwarmFileException(source + ": missing key 'format' (this build writes format = " + FORMAT + ")");
        if (!(format instanceof Long f) || f != FORMAT) {
            throw bad(source, toml, "format", "", "unsupported swarm file format " + format + " (this build reads format = " + FORMAT + ")");
        }
        String name = string(source, toml, "name", "", true);
        List<Site> sites = new ArrayList<>();
        for (TomlTable t : tables(source, toml, "sites")) {
            allowOnly(source, t, "sites.", Set.of("name", "peer-id", "role", "addresses"));
            String siteName = string(source, t, "name", "sites.", true);
            PeerId peer = peerId(source, t, "peer-id", "sites.");
            SiteRole role;
            try {
                role = SiteRole.parse(string(source, t, "role", "sites.", true));
            } catch (IllegalArgumentException e) {
                throw bad(source, t, "role", "sites.", e.getMessage());
            }
            List<Multiaddr> addrs = new ArrayList<>();
            for (String a : strings(source, t, "addresses", "sites.")) {
                try {
                    addrs.add(Multiaddr.parse(a));
                } catch (FormatException e) {
                    throw bad(source, t, "addresses", "sites.", "'" + a + "' is not a multiaddr: " + e.getMessage());
                }
            }
            sites.add(new Site(siteName, peer, addrs, role));
        }
        List<Writer> writers = new ArrayList<>();
        for (TomlTable t : tables(source, toml, "writers")) {
            allowOnly(source, t, "writers.", Set.of("peer-id", "mldsa65-public-key", "mldsa65-fingerprint"));
            PeerId peer = peerId(source, t, "peer-id", "writers.");
            String keyText = string(source, t, "mldsa65-public-key", "writers.", false);
            String fpText = string(source, t, "mldsa65-fingerprint", "writers.", false);
            if (keyText == null && fpText == null) {
                throw new SwarmFileException(at(source, t.inputPositionOf("peer-id")) + "writer " + peer
                        + " needs 'mldsa65-public-key' or 'mldsa65-fingerprint'");
            }
            byte[] key = null;
            if (keyText != null) {
                try {
                    key = Base64.getDecoder().decode(keyText);
                } catch (IllegalArgumentException e) {
                    throw bad(source, t, "mldsa65-public-key", "writers.", "not base64: " + e.getMessage());
                }
            }
            Multihash fp;
            if (fpText != null) {
                try {
                    fp = Multihash.fromBytes(Multibase.decode(fpText));
                } catch (FormatException e) {
                    throw bad(source, t, "mldsa65-fingerprint", "writers.", "not a multibase multihash: " + e.getMessage());
                }
            } else {
                fp = Writer.fingerprintOf(key);
            }
            writers.add(new Writer(peer, key, fp));
        }
        List<PeerId> readers = new ArrayList<>();
        for (String r : strings(source, toml, "readers", "")) {
            try {
                readers.add(PeerId.parse(r));
            } catch (FormatException e) {
                throw bad(source, toml, "readers", "", e.getMessage());
            }
        }
        try {
            return new SwarmDefinition(name, sites, writers, readers);
        } catch (InvalidSwarmDefinitionException e) {
            throw new SwarmFileException(source + ": " + e.getMessage(), e);
        }
    }

    /** The file text: sites, writers and readers sorted by name / peer id, so equal definitions print alike. */
    public static String format(SwarmDefinition def) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Phoenix swarm definition: every site of the swarm uses the same one.\n");
        sb.append("# Build it with `phoenix swarm new` and `phoenix swarm add-site`; check it with `phoenix swarm show`.\n");
        sb.append("# swarm id ").append(def.id()).append(" (computed from the content, not read from here)\n");
        sb.append("format = ").append(FORMAT).append('\n');
        sb.append("name = ").append(quote(def.name())).append('\n');
        sb.append("readers = [");
        List<PeerId> readers = def.readers().stream().sorted().toList();
        for (int i = 0; i < readers.size(); i++) sb.append(i == 0 ? "" : ", ").append(quote(readers.get(i).toString()));
        sb.append("]\n");
        for (Site s : def.sites().stream().sorted(Comparator.comparing(Site::name)).toList()) {
            sb.append("\n[[sites]]\n");
            sb.append("name = ").append(quote(s.name())).append('\n');
            sb.append("peer-id = ").append(quote(s.peerId().toString())).append('\n');
            sb.append("role = ").append(quote(s.role().label())).append('\n');
            sb.append("addresses = [");
            for (int i = 0; i < s.addresses().size(); i++) sb.append(i == 0 ? "" : ", ").append(quote(s.addresses().get(i).toString()));
            sb.append("]\n");
        }
        for (Writer w : def.writers().stream().sorted(Comparator.comparing(Writer::peerId)).toList()) {
            sb.append("\n[[writers]]\n");
            sb.append("peer-id = ").append(quote(w.peerId().toString())).append('\n');
            sb.append("mldsa65-fingerprint = ").append(quote(w.fingerprintText())).append('\n');
            if (w.mlDsaPublicKey() != null) {
                sb.append("mldsa65-public-key = ").append(quote(Base64.getEncoder().encodeToString(w.mlDsaPublicKey()))).append('\n');
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static List<TomlTable> tables(String source, TomlTable t, String key) throws SwarmFileException {
        Object v = t.get(List.of(key));
        if (v == null) return List.of();
        if (!(v instanceof TomlArray a) || !(a.isEmpty() || a.containsTables())) {
            throw bad(source, t, key, "", "must be an array of tables ([[" + key + "]])");
        }
        List<TomlTable> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) out.add(a.getTable(i));
        return out;
    }

    private static String string(String source, TomlTable t, String key, String prefix, boolean required) throws SwarmFileException {
        Object v = t.get(List.of(key));
        if (v == null) {
            if (!required) return null;
            throw new SwarmFileException(source + ": missing key '" + prefix + key + "'" + where(source, t));
        }
        if (!(v instanceof String s)) throw bad(source, t, key, prefix, "must be a string");
        return s;
    }

    private static List<String> strings(String source, TomlTable t, String key, String prefix) throws SwarmFileException {
        Object v = t.get(List.of(key));
        if (v == null) return List.of();
        if (!(v instanceof TomlArray a) || !(a.isEmpty() || a.containsStrings())) throw bad(source, t, key, prefix, "must be an array of strings");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) out.add(a.getString(i));
        return out;
    }

    private static PeerId peerId(String source, TomlTable t, String key, String prefix) throws SwarmFileException {
        String text = string(source, t, key, prefix, true);
        try {
            return PeerId.parse(text);
        } catch (FormatException e) {
            throw bad(source, t, key, prefix, e.getMessage());
        }
    }

    private static void allowOnly(String source, TomlTable t, String prefix, Set<String> allowed) throws SwarmFileException {
        for (String k : t.keySet()) {
            if (!allowed.contains(k)) {
                throw new SwarmFileException(at(source, t.inputPositionOf(List.of(k))) + "unknown key '" + prefix + k
                        + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static SwarmFileException bad(String source, TomlTable t, String key, String prefix, String why) {
        return new SwarmFileException(at(source, t.inputPositionOf(List.of(key))) + "'" + prefix + key + "': " + why);
    }

    private static String where(String source, TomlTable t) {
        for (String k : t.keySet()) {
            TomlPosition p = t.inputPositionOf(List.of(k));
            if (p != null) return " (in the table near line " + p.line() + ")";
        }
        return "";
    }

    private static String at(String source, TomlPosition p) {
        return p == null ? source + ": " : source + ":" + p.line() + ":" + p.column() + ": ";
    }
}
