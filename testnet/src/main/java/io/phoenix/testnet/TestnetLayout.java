package io.phoenix.testnet;

import io.phoenix.node.daemon.DaemonSettings;
import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.InitOptions;
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
import java.util.List;
import java.util.Map;

/**
 * Creates the homes of a local testnet in {@code dir}: {@code node0} (the writer, layers under
 * {@code dir/data/<layer>}), {@code node1..} (full replicas) and optionally spare sites that are in
 * the swarm file but not started (for restore onto a bare machine). Every home gets the same
 * passphrase ({@code dir/passphrase}), the shared swarm secret, a 127.0.0.1 listen port, the
 * shared swarm file and a daemon.toml with a short anti-entropy interval.
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
        Files.createDirectories(dir);
        Path pass = dir.resolve("passphrase");
        Files.writeString(pass, PASSPHRASE + "\n", StandardCharsets.UTF_8);
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Path data = dir.resolve("data");
        for (String l : Config.LAYERS) Files.createDirectories(data.resolve(l));
        List<TestnetNode> out = new ArrayList<>();
        SwarmDefinition def = SwarmDefinition.empty("testnet");
        for (int i = 0; i < nodes + spares; i++) {
            String name = "node" + i;
            Path home = dir.resolve(name);
            int port = freePort();
            Multiaddr listen = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
            Config d = Config.defaults("testnet");
            Config c = new Config("testnet", Map.of(), d.storePath(), List.of(listen), List.of(), d.snapshotTime(),
                    uploadBytesPerSecond, 0, Map.of());
            if (i == 0) {
                c = c.withLayers(Map.of("mind", List.of(data.resolve("mind")), "body", List.of(data.resolve("body")),
                        "spirit", List.of(data.resolve("spirit"))));
            }
            var pk = initHome(home, c, random);
            NodeKeysFiles.installSwarmSecret(home, secret, PASSPHRASE.toCharArray(), SEAL);
            DaemonSettings s = new DaemonSettings(Path.of("../swarm.toml"), 0, antiEntropy, 0, Duration.ofMinutes(5), false, i == badNode);
            Files.writeString(home.resolve(DaemonSettings.FILE), s.toToml(), StandardCharsets.UTF_8);
            Site site = new Site(name, pk.peerId(), List.of(listen), SiteRole.FULL);
            def = def.withSite(site, i == 0 ? Writer.withKey(pk.peerId(), pk.writerPublicKey()) : null, true);
            out.add(new TestnetNode(name, home, pk.peerId(), listen.withPeer(pk.peerId()).toString(), i == 0));
        }
        SwarmFile.write(dir.resolve("swarm.toml"), def);
        return out;
    }

    private static io.phoenix.node.home.HomeKeys.PublicKeys initHome(Path home, Config c, SecureRandom random) throws IOException {
        try (Home h = Home.init(home, new InitOptions(c, PASSPHRASE.toCharArray(), random, SEAL))) {
            return h.publicKeys();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
