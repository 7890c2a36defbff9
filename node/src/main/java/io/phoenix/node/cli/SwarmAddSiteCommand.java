package io.phoenix.node.cli;

import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.node.swarm.SwarmFileException;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Multibase;
import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.PublicKeys;
import io.phoenix.protocol.swarm.InvalidSwarmDefinitionException;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix swarm add-site}: adds (or replaces, by name or peer id) one site. The peer id
 * and the writer's ML-DSA-65 key come from a node home ({@code --from-home DIR}: its
 * {@code keys/identity.pub} and {@code keys/writer.pub}) or are given explicitly.
 */
@Command(name = "add-site", mixinStandardHelpOptions = true, description = "Add a site to the swarm file (or replace one with the same name or peer id).")
final class SwarmAddSiteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "SITE", description = "Site name: a-z, 0-9, '.', '_', '-' (1-63).")
    String name;

    @Option(names = "--peer-id", paramLabel = "ID", description = "The site node's peer id (12D3KooW...).")
    String peerId;

    @Option(names = "--from-home", paramLabel = "DIR", description = "Read the peer id (and, with --writer, the ML-DSA-65 key) from this node home.")
    Path fromHome;

    @Option(names = "--addr", paramLabel = "MULTIADDR", description = "Where to dial the site, e.g. /dns4/nas.example/tcp/4001 (repeatable).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "full, storage, edge or bridge.")
    String role;

    @Option(names = "--writer", description = "The site may author snapshots (implies --reader).")
    boolean writer;

    @Option(names = "--writer-key", paramLabel = "FILE", description = "The writer's raw ML-DSA-65 public key (1,952 bytes), if not read from --from-home.")
    Path writerKey;

    @Option(names = "--writer-fingerprint", paramLabel = "TEXT", description = "Only the fingerprint (bciq...) of the writer's ML-DSA-65 key.")
    String writerFingerprint;

    @Option(names = "--reader", description = "The site holds the data key (full and edge sites only).")
    boolean reader;

    @Option(names = "--file", paramLabel = "FILE", description = "Swarm file (default: HOME/swarm.toml).")
    Path file;

    @Override
    public Integer call() throws Exception {
        Path f = SwarmCommand.file(spec, file);
        SwarmDefinition def = SwarmFile.read(f);
        if ((peerId == null) == (fromHome == null)) throw SwarmCommand.usage(spec, "give exactly one of --peer-id or --from-home");
        PeerId peer = peerId != null ? parsePeer(peerId) : homePeer(fromHome);
        SiteRole r;
        try {
            r = SiteRole.parse(role);
        } catch (IllegalArgumentException e) {
            throw SwarmCommand.usage(spec, e.getMessage());
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (String a : addresses) {
            try {
                addrs.add(Multiaddr.parse(a));
            } catch (FormatException e) {
                throw SwarmCommand.usage(spec, "--addr '" + a + "' is not a multiaddr: " + e.getMessage());
            }
        }
        Writer w = writer ? writer(peer) : null;
        if (!writer && (writerKey != null || writerFingerprint != null)) {
            throw SwarmCommand.usage(spec, "--writer-key and --writer-fingerprint need --writer");
        }
        SwarmDefinition next;
        try {
            next = def.withSite(new Site(name, peer, addrs, r), w, reader);
        } catch (InvalidSwarmDefinitionException e) {
            throw new SwarmFileException("cannot add site '" + name + "': " + String.join("; ", e.problems()), e);
        }
        SwarmFile.write(f, next);
        spec.commandLine().getOut().println("site '" + name + "' (" + peer + ", " + r.label()
                + (writer ? ", writer" : "") + (writer || reader ? ", reader" : "") + ") is in swarm '" + def.name() + "' (" + f + ")");
        spec.commandLine().getOut().println("swarm id " + next.id() + ": give every site this file");
        return 0;
    }

    private PeerId parsePeer(String text) {
        PeerId peer;
        try {
            peer = PeerId.parse(text);
        } catch (FormatException e) {
            throw SwarmCommand.usage(spec, "--peer-id: " + e.getMessage());
        }
        String bad = SwarmDefinition.peerIdProblem(peer);
        if (bad != null) throw SwarmCommand.usage(spec, "--peer-id: " + bad);
        return peer;
    }

    private static PeerId homePeer(Path home) throws IOException {
        Path pub = home.resolve("keys").resolve("identity.pub");
        byte[] protobuf = readHomeFile(home, pub);
        try {
            return PublicKeys.peerId(protobuf);
        } catch (FormatException e) {
            throw new SwarmFileException(pub + " is not a libp2p public key: " + e.getMessage(), e);
        }
    }

    private Writer writer(PeerId peer) throws IOException {
        int given = (writerKey != null ? 1 : 0) + (writerFingerprint != null ? 1 : 0);
        if (given > 1) throw SwarmCommand.usage(spec, "give at most one of --writer-key and --writer-fingerprint");
        if (writerFingerprint != null) {
            try {
                return Writer.withFingerprint(peer, Multihash.fromBytes(Multibase.decode(writerFingerprint)));
            } catch (FormatException e) {
                throw SwarmCommand.usage(spec, "--writer-fingerprint: " + e.getMessage());
            }
        }
        Path keyFile = writerKey;
        if (keyFile == null && fromHome != null) keyFile = fromHome.resolve("keys").resolve("writer.pub");
        if (keyFile == null) throw SwarmCommand.usage(spec, "--writer needs the ML-DSA-65 key: --from-home, --writer-key or --writer-fingerprint");
        byte[] key = readHomeFile(fromHome, keyFile);
        if (key.length != Writer.ML_DSA_65_PUBLIC_KEY_BYTES) {
            throw new SwarmFileException(keyFile + " is " + key.length + " bytes, not an ML-DSA-65 public key ("
                    + Writer.ML_DSA_65_PUBLIC_KEY_BYTES + " bytes)");
        }
        return Writer.withKey(peer, key);
    }

    private static byte[] readHomeFile(Path home, Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SwarmFileException(file + " not found" + (home != null ? " (is " + home + " a node home made by `phoenix init`?)" : ""), e);
        }
    }
}
