package io.phoenix.node.daemon;

import io.phoenix.node.home.Config;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.HomeKeys;
import io.phoenix.node.home.InitOptions;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.home.PassphraseSeal;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/** Sites for daemon tests on real sockets: homes with a cheap passphrase seal, free ports, started daemons. */
final class TestSites {
    /** The passphrase of every test home and of its installed swarm key. */
    static final char[] PASS = "phoenix-test-site".toCharArray();
    /** Cheap Argon2id, so that creating a home takes milliseconds. */
    static final PassphraseSeal SEAL = new PassphraseSeal(1024, 1, 1);

    private TestSites() {}

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Creates a home in {@code dir} with {@code config}, sealed with {@link #PASS}; returns its public keys. */
    static HomeKeys.PublicKeys initHome(Path dir, Config config, SecureRandom random) throws IOException {
        try (Home h = Home.init(dir, new InitOptions(config, PASS.clone(), random, SEAL))) {
            return h.publicKeys();
        }
    }

    /** Opens the home in {@code dir} (added to {@code homes}, for the caller to close) and starts its daemon. */
    static Daemon start(Path dir, SwarmDefinition definition, List<Home> homes) throws IOException {
        Home h;
        try {
            h = Home.open(dir);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
        homes.add(h);
        KeyRing keys = NodeKeysFiles.withSwarmSecret(dir, h.unlock(PASS.clone()), PASS.clone());
        return Daemon.start(h, keys, definition, DaemonSettings.read(dir));
    }
}
