package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code p2p} diagnostics against each other over real TCP on 127.0.0.1. */
@Timeout(90)
class P2pCommandIT {
    /** One running command: its output lines and its exit code. */
    static final class Run {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread thread;

        /** The first line so far or later with this event and text (order of events is not assumed). */
        String await(String event, String contains) throws InterruptedException {
            String tag = "\"event\":\"" + event + "\"";
            synchronized (all) {
                for (String l : all) if (l.contains(tag) && l.contains(contains)) return l;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) throw new AssertionError("no " + event + " event with '" + contains + "'; output: " + all);
                if (l.contains(tag) && l.contains(contains)) return l;
            }
        }
    }

    static Run start(String... args) {
        Run run = new Run();
        Writer w = new Writer() {
            private final StringBuilder sb = new StringBuilder();

            @Override
            public synchronized void write(char[] c, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (c[i] == '\n') {
                        String line = sb.toString();
                        sb.setLength(0);
                        synchronized (run.all) {
                            run.all.add(line);
                        }
                        run.lines.add(line);
                    } else {
                        sb.append(c[i]);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        CommandLine cl = new CommandLine(new P2pCommand());
        cl.setOut(new PrintWriter(w, true));
        cl.setErr(new PrintWriter(w, true));
        run.thread = Thread.ofVirtual().start(() -> run.exit.complete(cl.execute(args)));
        return run;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String firstAddr(String listening) {
        Matcher m = Pattern.compile("\"addrs\":\\[\"([^\"]*)\"").matcher(listening);
        assertTrue(m.find(), listening);
        return m.group(1);
    }

    @Test
    void idReadsTheKeyFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("node.key");
        IdentityKey k = IdentityKey.generate(new java.security.SecureRandom());
        Files.write(key, k.toPrivateKeyProtobuf());
        Run id = start("id", "--key", key.toString(), "--json");
        assertEquals(0, id.exit.get(20, TimeUnit.SECONDS));
        String line = id.await("id", "");
        assertEquals(k.peerId().toString(), field(line, "peerId"));
        assertEquals("key-file", field(line, "source"));
    }

    @Test
    void listenServesPingPubAndSub() throws Exception {
        Run listen = start("listen", "--bind", "127.0.0.1", "--port", "0", "--topic", "t1", "--json", "--timeout", "80");
        try {
            String listening = listen.await("listening", "");
            String addr = firstAddr(listening);
            assertTrue(addr.startsWith("/ip4/127.0.0.1/tcp/") && addr.contains("/p2p/" + field(listening, "peerId")), addr);

            Run ping = start("ping", addr, "--count", "2", "--json");
            assertEquals(0, ping.exit.get(30, TimeUnit.SECONDS), ping.all.toString());
            assertTrue(ping.await("ping", "\"seq\":1").contains("rttMs"));
            listen.await("ping", "inbound");
            listen.await("connected", "inbound");

            Run sub = start("sub", "t1", "--dial", addr, "--json", "--count", "2", "--timeout", "60");
            sub.await("subscribed", "t1");
            Run pub = start("pub", "t1", "hello", "--dial", addr, "--count", "2", "--json");
            assertEquals(0, pub.exit.get(30, TimeUnit.SECONDS), pub.all.toString());
            listen.await("message", "\"data\":\"hello #1\"");
            listen.await("message", "\"data\":\"hello #2\"");
            String got = sub.await("message", "\"data\":\"hello #2\"");
            assertEquals("t1", field(got, "topic"));
            assertEquals(0, sub.exit.get(30, TimeUnit.SECONDS), sub.all.toString());
        } finally {
            listen.thread.interrupt();
            assertEquals(0, listen.exit.get(20, TimeUnit.SECONDS));
        }
    }
}
