package io.phoenix.node.cli;

import io.phoenix.gossip.GossipSub;
import io.phoenix.node.home.Config;
import io.phoenix.node.home.ConfigException;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.PassphraseException;
import io.phoenix.node.home.PassphraseSource;
import io.phoenix.node.home.WrongPassphraseException;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.p2p.ping.PingProtocol;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.reqresp.EchoProtocol;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.SystemScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix p2p …}: libp2p diagnostics for operators. Identity: {@code --key FILE} (libp2p
 * {@code PrivateKey} protobuf, created if missing); else, for {@code id} and {@code listen}, the
 * home's node identity ({@code id} reads only {@code keys/identity.pub} and {@code config.toml};
 * {@code listen} opens the home and unlocks it with the passphrase); else an ephemeral key. The
 * clients ({@code ping}, {@code pub}, {@code sub}) use {@code --key} or an ephemeral key. With
 * {@code --json} every event is one JSON object per line. Each subcommand is a composition root:
 * it creates the real scheduler its host and gossipsub run on, and closes it last.
 */
@Command(name = "p2p", mixinStandardHelpOptions = true, description = "libp2p diagnostics: identity, listen, ping, publish, subscribe.",
        subcommands = {P2pCommand.Id.class, P2pCommand.Listen.class, P2pCommand.Ping.class, P2pCommand.Pub.class, P2pCommand.Sub.class})
public final class P2pCommand implements Runnable {
    public static final String DEFAULT_TOPIC = "phoenix-test";

    @Spec
    CommandSpec spec;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Identity key file (libp2p PrivateKey protobuf), created if missing.")
    Path keyFile;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The identity and where it came from ({@code key-file}, {@code home}, {@code ephemeral}); {@code home} stays locked while used. */
    record Identity(IdentityKey key, String source, Home home) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (home != null) home.close();
        }
    }

    /** {@code --key FILE}, created if missing; null when not given. */
    Identity keyFileIdentity() throws IOException {
        if (keyFile == null) return null;
        if (Files.exists(keyFile)) return new Identity(IdentityKey.fromPrivateKeyProtobuf(Files.readAllBytes(keyFile)), "key-file", null);
        IdentityKey k = IdentityKey.generate(new SecureRandom());
        if (keyFile.toAbsolutePath().getParent() != null) Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Files.write(keyFile, k.toPrivateKeyProtobuf());
        return new Identity(k, "key-file", null);
    }

    /** For clients (ping, pub, sub): {@code --key} or a fresh ephemeral key (they need no stable identity). */
    Identity clientIdentity() throws IOException {
        Identity k = keyFileIdentity();
        return k != null ? k : new Identity(IdentityKey.generate(new SecureRandom()), "ephemeral", null);
    }

    /** For {@code listen}: {@code --key}, else the home's identity (opens and unlocks the home), else ephemeral. */
    Identity nodeIdentity() throws IOException {
        Identity k = keyFileIdentity();
        if (k != null) return k;
        Path dir = homeDirectory();
        if (!Files.isRegularFile(dir.resolve(Home.CONFIG_FILE))) return new Identity(IdentityKey.generate(new SecureRandom()), "ephemeral", null);
        Home home = Session.openHome(dir);
        try {
            char[] pass = passphrases().read(false);
            try {
                return new Identity(home.unlock(pass).identity(), "home", home);
            } finally {
                Arrays.fill(pass, '\0');
            }
        } catch (PassphraseException | WrongPassphraseException e) {
            home.close();
            throw new CliException(ExitCode.KEY, e.getMessage() + " (nothing was changed)", e);
        } catch (IOException | RuntimeException e) {
            home.close();
            throw e;
        }
    }

    private Main main() {
        return spec.root().userObject() instanceof Main m ? m : null;
    }

    /** The node home: the root command's {@code --home}, else {@code $PHOENIX_HOME}, else {@code ~/.phoenix}. */
    Path homeDirectory() {
        Main m = main();
        return m != null ? m.home() : Home.locate(null, System.getenv());
    }

    private PassphraseSource passphrases() {
        Main m = main();
        return m != null ? m.passphrases() : PassphraseSource.standard(null);
    }

    Libp2pHost host(IdentityKey key, Scheduler scheduler) {
        Libp2pHost h = new Libp2pHost(key, Libp2pHostConfig.defaults(), scheduler, new SecureRandom());
        h.setHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
        return h;
    }

    static List<String> texts(List<Multiaddr> addrs) {
        return addrs.stream().map(Multiaddr::toString).toList();
    }

    static void watchConnections(Libp2pHost host, P2pEvents events) {
        host.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(PeerId peer, Multiaddr remoteAddress, boolean inbound) {
                events.emit("connected", "peerId", peer.toString(), "remoteAddr", String.valueOf(remoteAddress),
                        "direction", inbound ? "inbound" : "outbound");
            }

            @Override
            public void disconnected(PeerId peer) {
                events.emit("disconnected", "peerId", peer.toString());
            }
        });
    }

    static void emitMessage(P2pEvents events, PubSubMessage m) {
        events.emit("message", "topic", m.topic(), "from", m.from().toString(), "data", new String(m.data(), StandardCharsets.UTF_8),
                "seqno", HexFormat.of().formatHex(m.seqno()), "msgIdHex", HexFormat.of().formatHex(m.messageId()),
                "propagationSource", m.receivedFrom().toString());
    }

    /** Waits for the latch, the timeout (seconds, 0 = forever) or an interrupt. */
    static void block(CountDownLatch done, int timeoutSeconds) {
        try {
            if (timeoutSeconds > 0) done.await(timeoutSeconds, TimeUnit.SECONDS);
            else done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Command(name = "id", mixinStandardHelpOptions = true, description = "Print this node's peer id and listen addresses (home config; else every interface at --port).")
    static final class Id implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Option(names = "--json") boolean json;
        @Option(names = "--port", defaultValue = "4001", description = "Port to show when there is no home (default ${DEFAULT-VALUE}).") int port;

        @Override
        public Integer call() throws IOException {
            Identity fromKey = p2p.keyFileIdentity();
            Path dir = p2p.homeDirectory();
            PeerId peer;
            byte[] publicKey;
            String source;
            List<String> addrs = new ArrayList<>();
            if (fromKey == null && Files.isRegularFile(dir.resolve(Home.CONFIG_FILE))) {
                // public parts only: no passphrase, no lock (works while the daemon runs)
                try {
                    publicKey = Files.readAllBytes(dir.resolve("keys/identity.pub"));
                    peer = PeerId.fromPublicKeyProtobuf(publicKey);
                    for (Multiaddr a : Config.read(dir.resolve(Home.CONFIG_FILE)).listen()) addrs.add(a.withPeer(peer).toString());
                } catch (ConfigException e) {
                    throw new CliException(ExitCode.FAILURE, "bad configuration: " + e.getMessage(), e);
                }
                source = "home";
            } else {
                IdentityKey key = fromKey != null ? fromKey.key() : IdentityKey.generate(new SecureRandom());
                peer = key.peerId();
                publicKey = key.publicKeyProtobuf();
                source = fromKey != null ? "key-file" : "ephemeral";
                for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                    if (!nif.isUp()) continue;
                    for (InetAddress a : nif.inetAddresses().toList()) {
                        if (!a.isLinkLocalAddress()) addrs.add(Multiaddr.tcp(a, port).withPeer(peer).toString());
                    }
                }
            }
            new P2pEvents(p2p.spec.commandLine().getOut(), json).emit("id", "peerId", peer.toString(),
                    "publicKeyProtobufHex", HexFormat.of().formatHex(publicKey), "source", source, "addrs", addrs);
            return 0;
        }
    }

    @Command(name = "listen", mixinStandardHelpOptions = true, description = "Run a bare host (ping, identify, echo, gossipsub) and print events.")
    static final class Listen implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Option(names = "--port", defaultValue = "0", description = "TCP port (0 = any free port).") int port;
        @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Interface address (default ${DEFAULT-VALUE}).") String bind;
        @Option(names = "--topic", defaultValue = DEFAULT_TOPIC) String topic;
        @Option(names = "--json") boolean json;
        @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds (0 = run until stopped).") int timeout;

        @Override
        public Integer call() throws IOException {
            P2pEvents events = new P2pEvents(p2p.spec.commandLine().getOut(), json);
            try (SystemScheduler scheduler = new SystemScheduler(); Identity id = p2p.nodeIdentity(); Libp2pHost host = p2p.host(id.key(), scheduler);
                 GossipSub gossip = GossipSub.start(host, id.key(), scheduler, new SecureRandom())) {
                watchConnections(host, events);
                host.setHandler(PingProtocol.PROTOCOL_ID, s -> {
                    events.emit("ping", "peerId", s.remotePeer().toString(), "direction", "inbound");
                    PingProtocol.handler().handle(s);
                });
                gossip.subscribe(topic, m -> emitMessage(events, m));
                host.listen(Multiaddr.parse((bind.contains(":") ? "/ip6/" : "/ip4/") + bind + "/tcp/" + port));
                events.emit("listening", "peerId", host.peerId().toString(), "addrs", texts(host.listenAddresses()),
                        "topic", topic, "protocols", List.copyOf(host.protocols()), "identity", id.source());
                block(new CountDownLatch(1), timeout);
                events.emit("stopping");
            }
            return 0;
        }
    }

    @Command(name = "ping", mixinStandardHelpOptions = true, description = "Ping a peer: <multiaddr> ending in /p2p/<peer id>.")
    static final class Ping implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Parameters(index = "0", paramLabel = "MULTIADDR") String address;
        @Option(names = "--count", defaultValue = "3") int count;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() throws Exception {
            P2pEvents events = new P2pEvents(p2p.spec.commandLine().getOut(), json);
            int failures = 0;
            try (SystemScheduler scheduler = new SystemScheduler(); Identity id = p2p.clientIdentity(); Libp2pHost host = p2p.host(id.key(), scheduler)) {
                PeerId peer = host.connect(Multiaddr.parse(address)).get(20, TimeUnit.SECONDS);
                for (int i = 0; i < count; i++) {
                    try {
                        Duration rtt = host.ping(peer).get(15, TimeUnit.SECONDS);
                        events.emit("ping", "peerId", peer.toString(), "seq", i, "rttMs", rtt.toNanos() / 1e6);
                    } catch (ExecutionException | TimeoutException e) {
                        failures++;
                        events.emit("ping-error", "peerId", peer.toString(), "seq", i, "error", String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
                    }
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }

    @Command(name = "pub", mixinStandardHelpOptions = true, description = "Dial a peer and publish <text> on <topic> (\"<text> #i\" when --count > 1).")
    static final class Pub implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Parameters(index = "0", paramLabel = "TOPIC") String topic;
        @Parameters(index = "1", paramLabel = "TEXT") String text;
        @Option(names = "--dial", required = true, paramLabel = "MULTIADDR") String dial;
        @Option(names = "--count", defaultValue = "1") int count;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() throws Exception {
            P2pEvents events = new P2pEvents(p2p.spec.commandLine().getOut(), json);
            try (SystemScheduler scheduler = new SystemScheduler(); Identity id = p2p.clientIdentity(); Libp2pHost host = p2p.host(id.key(), scheduler);
                 GossipSub gossip = GossipSub.start(host, id.key(), scheduler, new SecureRandom())) {
                PeerId peer = host.connect(Multiaddr.parse(dial)).get(20, TimeUnit.SECONDS);
                events.emit("connected", "peerId", peer.toString(), "direction", "outbound");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!gossip.topicPeers(topic).contains(peer)) { // its subscriptions arrive on its own stream
                    if (System.nanoTime() > deadline) {
                        events.emit("publish-error", "topic", topic, "error", peer + " did not subscribe to " + topic + " within 15 s");
                        return 1;
                    }
                    Thread.sleep(20);
                }
                for (int i = 1; i <= count; i++) {
                    String data = count > 1 ? text + " #" + i : text;
                    gossip.publish(topic, data.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                    events.emit("published", "topic", topic, "data", data);
                }
            } // closing gossip sends what is queued before the connection goes
            return 0;
        }
    }

    @Command(name = "sub", mixinStandardHelpOptions = true, description = "Dial a peer, subscribe to <topic> and print every message (\"subscribed\" once the mesh has formed, up to 10 s).")
    static final class Sub implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Parameters(index = "0", paramLabel = "TOPIC") String topic;
        @Option(names = "--dial", required = true, paramLabel = "MULTIADDR") String dial;
        @Option(names = "--json") boolean json;
        @Option(names = "--count", defaultValue = "0", description = "Exit after this many messages (0 = run until stopped).") int count;
        @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds (0 = no limit).") int timeout;

        @Override
        public Integer call() throws Exception {
            P2pEvents events = new P2pEvents(p2p.spec.commandLine().getOut(), json);
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger received = new AtomicInteger();
            try (SystemScheduler scheduler = new SystemScheduler(); Identity id = p2p.clientIdentity(); Libp2pHost host = p2p.host(id.key(), scheduler);
                 GossipSub gossip = GossipSub.start(host, id.key(), scheduler, new SecureRandom())) {
                gossip.subscribe(topic, m -> {
                    emitMessage(events, m);
                    if (count > 0 && received.incrementAndGet() >= count) done.countDown();
                });
                PeerId peer = host.connect(Multiaddr.parse(dial)).get(20, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (gossip.meshPeers(topic).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20); // mesh forms at a heartbeat
                events.emit("subscribed", "topic", topic, "peerId", peer.toString(),
                        "meshPeers", gossip.meshPeers(topic).stream().map(PeerId::toString).sorted().toList());
                block(done, timeout);
            }
            return count > 0 && received.get() < count ? 1 : 0;
        }
    }
}
