package io.phoenix.testnet;

import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.home.KeyRing;
import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.crypto.RepositorySecret;
import io.phoenix.node.home.PassphraseSeal;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Creates the homes of a local testnet in {@code dir}: {@code node0} (the writer, layers under
 * {@code dir/data/<layer>}), {@code node1..} (full replicas) and optionally spare sites that are in
 * the swarm file but not started (for restore onto a bare machine). Every home gets the same
 * passphrase ({@code dir/passphrase}), a 127.0.0.1 listen port, the shared swarm file and a
 * daemon.toml with a short anti-entropy interval. The writer's own repository secret is the
 * swarm's; every other reader gets it wrapped for its reader key ({@code keys/swarm.wrap}, as
 * {@code phoenix swarm wrap-key} / {@code install-key} make it); storage sites get nothing.
 */
public final class TestnetLayout {
    public static final String PASSPHRASE = "phoenix-testnet";
    /** Cheap Argon2id: the testnet's passphrase protects nothing of value. */
    static final PassphraseSeal SEAL = new PassphraseSeal(1024, 1, 1);

    private TestnetLayout() {}

    /**
     * @param uploadBytesPerSecond every node's upload limit (config.toml {@code [bandwidth] upload}),
     *     emulating the uplinks of real sites; 0 = unlimited (loopback speed)
     */
    public static List<TestnetNode> create(Path dir, int nodes, int spares, Duration antiEntropy, int badNode,
                                           long uploadBytesPerSecond) throws IOException {
        return create(dir, nodes, spares, antiEntropy, badNode, uploadBytesPerSecond, Set.of(), Set.of());
    }

    /**
     * @param storage indexes of sites with role {@code storage}: not readers, no swarm key
     * @param keyless indexes of reader sites that get no swarm key (they obtain it with
     *     {@code phoenix swarm wrap-key} / {@code install-key})
     */
    public static List<TestnetNode> create(Path dir, int nodes, int spares, Duration antiEntropy, int badNode,
                                           long uploadBytesPerSecond, Set<Integer> storage, Set<Integer> keyless) throws IOException {
        Files.createDirectories(dir);
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, PASSPHRASE + "\n", StandardCharsets.UTF_8);
        SecureRandom random = new SecureRandom();
        Path data = dir.resolve("data");
        for (String l : Config.LAYERS) Files.createDirectories(data.resolve(l));
        List<TestnetNode> out = new ArrayList<>();
        SwarmDefinition def = SwarmDefinition.empty("testnet");
        RepositorySecret swarmSecret = null;
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < nodes + spares; i++) {
            String name = "node" + i;
            Path home = dir.resolve(name);
            int port = freePort(ports, random);
            Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
            Config d = Config.defaults("testnet");
            Config c = new Config("testnet", Map.of(), d.storePath(), List.of(listen), List.of(), d.snapshotTime(),
                    uploadBytesPerSecond, 0, Map.of());
            if (i == 0) {
                c = c.withLayers(Map.of("mind", List.of(data.resolve("mind")), "body", List.of(data.resolve("body")),
                        "spirit", List.of(data.resolve("spirit"))));
            }
            KeyRing ring = initHome(home, c, random);
            boolean isStorage = storage.contains(i);
            if (i == 0) {
                if (isStorage) throw new IllegalArgumentException("node0 is the writer; it cannot be a storage site");
                swarmSecret = RepositorySecret.of(ring.repositorySecret()); // the writer's own secret is the swarm's
            } else if (!isStorage && !keyless.contains(i)) {
                // what 'phoenix swarm wrap-key' on the writer + 'phoenix swarm install-key' here do
                NodeKeysFiles.installSwarmWrap(home, ring, KeyWrap.wrap(swarmSecret, ring.reader().publicKey(), random));
            }
            DaemonSettings s = new DaemonSettings(Path.of("../swarm.toml"), 0, antiEntropy, 0, Duration.ofMinutes(5), false, i == badNode);
            Files.writeString(home.resolve(DaemonSettings.FILE), s.toToml(), StandardCharsets.UTF_8);
            Site site = new Site(name, ring.peerId(), List.of(listen), isStorage ? SiteRole.STORAGE : SiteRole.FULL);
            def = def.withSite(site, i == 0 ? Writer.withKey(ring.peerId(), ring.writer().publicKey()) : null, !isStorage);
            out.add(new TestnetNode(name, home, ring.peerId(), listen.withPeer(ring.peerId()).toString(), i == 0));
        }
        SwarmFile.write(dir.resolve("swarm.toml"), def);
        return out;
    }

    private static KeyRing initHome(Path home, Config c, SecureRandom random) throws IOException {
        try (Home h = Home.init(home, new InitOptions(c, PASSPHRASE.toCharArray(), random, SEAL))) {
            return h.unlock(PASSPHRASE.toCharArray());
        }
    }

    /**
     * A free port on 127.0.0.1 for a node that binds it later, chosen <em>below</em> the kernel's
     * ephemeral range: a port from {@code new ServerSocket(0)} lies inside that range, and between
     * the layout and the node's start (seconds; minutes for a spare or late node) an outgoing
     * connection — every node dials every other — could be given the same port as its local end,
     * and the node would fail with "Address already in use". Checked by binding; never one of
     * {@code taken}.
     */
    static int freePort(Set<Integer> taken, Random random) throws IOException {
        int low = 10_000;
        int high = ephemeralLow();
        for (int i = 0; i < 200 && high - low >= 1_000; i++) {
            int port = low + random.nextInt(high - low);
            if (taken.contains(port)) continue;
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                taken.add(port);
                return port;
            } catch (IOException busy) {
                // someone listens there: try another
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            taken.add(s.getLocalPort());
            return s.getLocalPort();
        }
    }

    /** Start of the ephemeral port range ({@code /proc/sys/net/ipv4/ip_local_port_range}; 32768 if unknown). */
    private static int ephemeralLow() {
        try {
            String[] r = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(r[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
