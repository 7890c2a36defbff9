package io.phoenix.node.cli;

import io.phoenix.gossip.GossipSub;
import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.p2p.ping.PingProtocol;
import io.phoenix.protocol.p2p.pubsub.PubSubMessage;
import io.phoenix.protocol.p2p.reqresp.EchoProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix p2p …}: libp2p diagnostics for operators. Identity: {@code --key FILE} (libp2p
 * {@code PrivateKey} protobuf, created if missing), else {@code <home>/keys/identity.key} when it
 * exists, else an ephemeral key. With {@code --json} every event is one JSON object per line.
 */
@Command(name = "p2p", description = "libp2p diagnostics: identity, listen, ping, publish, subscribe.",
        subcommands = {P2pCommand.Id.class, P2pCommand.Listen.class, P2pCommand.Ping.class, P2pCommand.Pub.class, P2pCommand.Sub.class})
public final class P2pCommand implements Runnable {
    public static final String DEFAULT_TOPIC = "phoenix-test";
    public static final String IDENTITY_FILE = "keys/identity.key";

    @Spec
    CommandSpec spec;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Identity key file (libp2p PrivateKey protobuf), created if missing.")
    Path keyFile;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The identity and where it came from ({@code key-file}, {@code home}, {@code ephemeral}). */
    record Identity(IdentityKey key, String source) {}

    Identity identity() throws IOException {
        SecureRandom random = new SecureRandom();
        if (keyFile != null) {
            if (Files.exists(keyFile)) return new Identity(IdentityKey.fromPrivateKeyProtobuf(Files.readAllBytes(keyFile)), "key-file");
            IdentityKey k = IdentityKey.generate(random);
            if (keyFile.toAbsolutePath().getParent() != null) Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Files.write(keyFile, k.toPrivateKeyProtobuf());
            return new Identity(k, "key-file");
        }
        Path home = home();
        Path f = home == null ? null : home.resolve(IDENTITY_FILE);
        if (f != null && Files.isRegularFile(f)) return new Identity(IdentityKey.fromPrivateKeyProtobuf(Files.readAllBytes(f)), "home");
        return new Identity(IdentityKey.generate(random), "ephemeral");
    }

    /** {@code --home} of the root command if it has one, else {@code $PHOENIX_HOME}, else {@code ~/.phoenix}. */
    private Path home() {
        var opt = spec.root().findOption("--home");
        Object v = opt == null ? null : opt.getValue();
        if (v instanceof Path p) return p;
        String env = System.getenv("PHOENIX_HOME");
        if (env != null && !env.isBlank()) return Path.of(env);
        String user = System.getProperty("user.home");
        return user == null ? null : Path.of(user, ".phoenix");
    }

    Libp2pHost host(IdentityKey key) {
        Libp2pHost h = new Libp2pHost(key, Libp2pHostConfig.defaults(), new SecureRandom());
        h.setHandler(EchoProtocol.PROTOCOL_ID, EchoProtocol.handler());
        return h;
    }

    /** Writes events as JSON lines or as {@code event key=value …} text. */
    static final class Events {
        private final PrintWriter out;
        private final boolean json;

        Events(PrintWriter out, boolean json) {
            this.out = out;
            this.json = json;
        }

        synchronized void emit(String event, Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", event);
            for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
            if (json) {
                out.println(json(m));
            } else {
                StringBuilder sb = new StringBuilder(event);
                m.forEach((k, v) -> {
                    if (!k.equals("event")) sb.append(' ').append(k).append('=').append(v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v);
                });
                out.println(sb);
            }
            out.flush();
        }
    }

    /** JSON text of strings, numbers, booleans, lists and maps (enough for event lines). */
    static String json(Object v) {
        if (v == null) return "null";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, x) -> sb.append(sb.length() > 1 ? "," : "").append(json(String.valueOf(k))).append(':').append(json(x)));
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : l) sb.append(sb.length() > 1 ? "," : "").append(json(x));
            return sb.append(']').toString();
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toString().toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    static List<String> texts(List<Multiaddr> addrs) {
        return addrs.stream().map(Multiaddr::toString).toList();
    }

    static void watchConnections(Libp2pHost host, Events events) {
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

    static void emitMessage(Events events, PubSubMessage m) {
        events.emit("message", "topic", m.topic(), "from", m.from().toString(), "data", new String(m.data(), java.nio.charset.StandardCharsets.UTF_8),
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

    @Command(name = "id", description = "Print this node's peer id and the addresses it would listen on.")
    static final class Id implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Option(names = "--json") boolean json;
        @Option(names = "--port", defaultValue = "4001", description = "Listen port to show (default ${DEFAULT-VALUE}).") int port;

        @Override
        public Integer call() throws IOException {
            Identity id = p2p.identity();
            List<String> addrs = new ArrayList<>();
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (!nif.isUp()) continue;
                for (InetAddress a : nif.inetAddresses().toList()) {
                    if (a.isLinkLocalAddress()) continue;
                    addrs.add(Multiaddr.tcp(a, port).withPeer(id.key().peerId()).toString());
                }
            }
            new Events(p2p.spec.commandLine().getOut(), json).emit("id", "peerId", id.key().peerId().toString(),
                    "publicKeyProtobufHex", HexFormat.of().formatHex(id.key().publicKeyProtobuf()), "source", id.source(), "addrs", addrs);
            return 0;
        }
    }

    @Command(name = "listen", description = "Run a bare host (ping, identify, echo, gossipsub) and print events.")
    static final class Listen implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Option(names = "--port", defaultValue = "0", description = "TCP port (0 = any free port).") int port;
        @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Interface address (default ${DEFAULT-VALUE}).") String bind;
        @Option(names = "--topic", defaultValue = DEFAULT_TOPIC) String topic;
        @Option(names = "--json") boolean json;
        @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds (0 = run until stopped).") int timeout;

        @Override
        public Integer call() throws IOException {
            Identity id = p2p.identity();
            Events events = new Events(p2p.spec.commandLine().getOut(), json);
            try (Libp2pHost host = p2p.host(id.key()); GossipSub gossip = GossipSub.start(host, id.key())) {
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

    @Command(name = "ping", description = "Ping a peer: <multiaddr> ending in /p2p/<peer id>.")
    static final class Ping implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Parameters(index = "0", paramLabel = "MULTIADDR") String address;
        @Option(names = "--count", defaultValue = "3") int count;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() throws Exception {
            Events events = new Events(p2p.spec.commandLine().getOut(), json);
            int failures = 0;
            try (Libp2pHost host = p2p.host(p2p.identity().key())) {
                PeerId peer = host.connect(Multiaddr.parse(address)).get(20, TimeUnit.SECONDS);
                for (int i = 0; i < count; i++) {
                    try {
                        Duration rtt = host.ping(peer).get(15, TimeUnit.SECONDS);
                        events.emit("ping", "peerId", peer.toString(), "seq", i, "rttMs", rtt.toNanos() / 1e6);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        failures++;
                        events.emit("ping-error", "peerId", peer.toString(), "seq", i, "error", String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
                    }
                }
            }
            return failures == 0 ? 0 : 1;
        }
    }

    @Command(name = "pub", description = "Dial a peer and publish <text> on <topic> (\"<text> #i\" when --count > 1).")
    static final class Pub implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Parameters(index = "0", paramLabel = "TOPIC") String topic;
        @Parameters(index = "1", paramLabel = "TEXT") String text;
        @Option(names = "--dial", required = true, paramLabel = "MULTIADDR") String dial;
        @Option(names = "--count", defaultValue = "1") int count;
        @Option(names = "--json") boolean json;

        @Override
        public Integer call() throws Exception {
            Events events = new Events(p2p.spec.commandLine().getOut(), json);
            IdentityKey key = p2p.identity().key();
            try (Libp2pHost host = p2p.host(key); GossipSub gossip = GossipSub.start(host, key)) {
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
                    gossip.publish(topic, data.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                    events.emit("published", "topic", topic, "data", data);
                }
            } // closing gossip sends what is queued before the connection goes
            return 0;
        }
    }

    @Command(name = "sub", description = "Dial a peer, subscribe to <topic> and print every message (\"subscribed\" once the mesh has formed, up to 10 s).")
    static final class Sub implements Callable<Integer> {
        @ParentCommand P2pCommand p2p;
        @Parameters(index = "0", paramLabel = "TOPIC") String topic;
        @Option(names = "--dial", required = true, paramLabel = "MULTIADDR") String dial;
        @Option(names = "--json") boolean json;
        @Option(names = "--count", defaultValue = "0", description = "Exit after this many messages (0 = run until stopped).") int count;
        @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds (0 = no limit).") int timeout;

        @Override
        public Integer call() throws Exception {
            Events events = new Events(p2p.spec.commandLine().getOut(), json);
            IdentityKey key = p2p.identity().key();
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger received = new AtomicInteger();
            try (Libp2pHost host = p2p.host(key); GossipSub gossip = GossipSub.start(host, key)) {
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
