package io.phoenix.protocol.p2p.bench;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.StreamHandler;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.p2p.host.Libp2pHost;
import io.phoenix.protocol.p2p.host.Libp2pHostConfig;
import io.phoenix.protocol.p2p.interop.JsPeer;
import io.phoenix.protocol.p2p.yamux.YamuxConfig;
import io.phoenix.protocol.time.SystemScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of one stream over TCP + Noise + yamux on loopback: Java↔Java, Java↔js and js↔js in
 * one run (a benchmark, not a test). Protocol {@code /phoenix/bench/1.0.0}: the sender writes N
 * bytes and half-closes; the receiver counts them and answers with the count (8 bytes BE).
 * Run with {@code bench/p2p-throughput.sh}; args: [javaMiB] [jsMiB].
 */
public final class P2pThroughputBench {
    static final String PROTOCOL = "/phoenix/bench/1.0.0";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SystemScheduler SCHEDULER = new SystemScheduler();

    public static void main(String[] args) throws Exception {
        long javaBytes = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        long jsBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
        Map<String, Double> mbps = new LinkedHashMap<>();
        Libp2pHostConfig defaults = Libp2pHostConfig.defaults();
        Libp2pHostConfig bigWindow = defaults.withYamux(YamuxConfig.defaults().withReceiveWindow(16 << 20));
        javaToJava(defaults, 256L << 20); // warm-up (JIT)
        mbps.put("Java -> Java (256 KiB window)", javaToJava(defaults, javaBytes));
        mbps.put("Java -> Java (16 MiB window)", javaToJava(bigWindow, javaBytes));
        if (jsBytes == 0) {
            mbps.forEach((k, v) -> System.out.printf("%-32s %10.1f MB/s%n", k, v));
            return;
        }
        mbps.put("Java -> js", javaToJs(defaults, jsBytes));
        mbps.put("js -> Java", jsToJava(defaults, jsBytes));
        mbps.put("js -> js", jsToJs(jsBytes));
        double js = mbps.get("js -> js");
        System.out.printf("%n%-32s %10s %12s%n", "one stream, loopback", "MB/s", "vs js->js");
        mbps.forEach((k, v) -> System.out.printf("%-32s %10.1f %11.2fx%n", k, v, v / js));
        System.out.printf("(Java bytes %d MiB, js bytes %d MiB, %d cores, %s)%n", javaBytes >> 20, jsBytes >> 20,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
    }

    static Libp2pHost host(Libp2pHostConfig config) {
        Libp2pHost h = new Libp2pHost(IdentityKey.generate(RANDOM), config, SCHEDULER, RANDOM);
        h.setHandler(PROTOCOL, sink());
        return h;
    }

    /** Receiver: counts bytes until FIN, answers with the count. */
    static StreamHandler sink() {
        return s -> {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = s.input().read(buf)) >= 0) total += n;
            s.output().write(ByteBuffer.allocate(8).putLong(total).array());
            s.closeWrite();
        };
    }

    /** Sender: returns MB/s (10^6 bytes per second) from first byte to the receiver's answer. */
    static double send(Libp2pHost from, PeerId to, long bytes) throws Exception {
        Stream s = from.newStream(to, List.of(PROTOCOL)).get(30, TimeUnit.SECONDS);
        byte[] chunk = new byte[1 << 20];
        RANDOM.nextBytes(chunk);
        long t0 = System.nanoTime();
        for (long left = bytes; left > 0; left -= chunk.length) s.output().write(chunk, 0, (int) Math.min(left, chunk.length));
        s.closeWrite();
        byte[] answer = s.input().readNBytes(8);
        double secs = (System.nanoTime() - t0) / 1e9;
        s.close();
        if (answer.length != 8 || ByteBuffer.wrap(answer).getLong() != bytes) throw new IOException("receiver counted a different size");
        return bytes / 1e6 / secs;
    }

    static double javaToJava(Libp2pHostConfig config, long bytes) throws Exception {
        try (Libp2pHost a = host(config); Libp2pHost b = host(config)) {
            PeerId pb = a.connect(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).get(10, TimeUnit.SECONDS);
            return send(a, pb, bytes);
        }
    }

    static double javaToJs(Libp2pHostConfig config, long bytes) throws Exception {
        try (JsPeer js = JsPeer.start("bench.mjs", "listen"); Libp2pHost a = host(config)) {
            Multiaddr addr = Multiaddr.parse(JsPeer.array(js.await("listening", Duration.ofSeconds(30)), "addrs").get(0));
            return send(a, a.connect(addr).get(30, TimeUnit.SECONDS), bytes);
        }
    }

    static double jsToJava(Libp2pHostConfig config, long bytes) throws Exception {
        try (Libp2pHost b = host(config)) {
            Multiaddr addr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
            try (JsPeer js = JsPeer.start("bench.mjs", "send", addr.toString(), Long.toString(bytes))) {
                return Double.parseDouble(number(js.await("result", Duration.ofMinutes(5)), "mbPerSec"));
            }
        }
    }

    static double jsToJs(long bytes) throws Exception {
        try (JsPeer listener = JsPeer.start("bench.mjs", "listen")) {
            String addr = JsPeer.array(listener.await("listening", Duration.ofSeconds(30)), "addrs").get(0);
            try (JsPeer js = JsPeer.start("bench.mjs", "send", addr, Long.toString(bytes))) {
                return Double.parseDouble(number(js.await("result", Duration.ofMinutes(5)), "mbPerSec"));
            }
        }
    }

    private static String number(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + name + " in " + json);
        return m.group(1);
    }
}
