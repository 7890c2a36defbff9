package io.phoenix.protocol.p2p.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real js-libp2p process ({@code src/test/js-peer/*.mjs}) for interop tests. The first use
 * copies the js files to {@code target/js-peer} and runs {@code npm ci} there from the committed
 * lock file; every peer runs on 127.0.0.1 and prints one JSON object per stdout line.
 */
public final class JsPeer implements AutoCloseable {
    private static final String[] FILES = {"package.json", "package-lock.json", "peer.mjs", "bench.mjs"};
    private static Path installed;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread pump;

    private JsPeer(Process process) {
        this.process = process;
        this.pump = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    queue.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
    }

    /** Module base directory (failsafe/surefire set {@code basedir}). */
    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** Copies the js peer into target/js-peer and installs it with {@code npm ci} (once per JVM). */
    public static synchronized Path install() throws IOException, InterruptedException {
        if (installed != null) return installed;
        Path src = moduleDir().resolve("src/test/js-peer");
        Path dir = moduleDir().resolve("target/js-peer");
        Files.createDirectories(dir);
        boolean changed = false;
        for (String f : FILES) {
            Path to = dir.resolve(f);
            byte[] content = Files.readAllBytes(src.resolve(f));
            if (!Files.exists(to) || !java.util.Arrays.equals(Files.readAllBytes(to), content)) {
                Files.write(to, content);
                changed |= f.startsWith("package");
            }
        }
        if (changed || !Files.isDirectory(dir.resolve("node_modules/libp2p"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
            if (!npm.waitFor(180, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IOException("npm ci timed out; see " + dir.resolve("npm-ci.log"));
            }
            if (npm.exitValue() != 0) throw new IOException("npm ci failed: " + Files.readString(dir.resolve("npm-ci.log")));
        }
        installed = dir;
        return dir;
    }

    public static JsPeer start(String script, String... args) throws IOException, InterruptedException {
        Path dir = install();
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve(script + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".err").toFile()).start();
        return new JsPeer(p);
    }

    /** Waits for the first line (seen before or later) with {@code "event":"<event>"} matching {@code filter}. */
    public String await(String event, Predicate<String> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String tag = "\"event\":\"" + event + "\"";
        synchronized (lines) {
            for (String l : lines) if (l.contains(tag) && filter.test(l)) return l;
        }
        while (true) {
            long left = deadline - System.nanoTime();
            String l = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (l == null) throw new AssertionError("js peer: no '" + event + "' event within " + timeout + "; output so far:\n" + output());
            if (l.contains(tag) && filter.test(l)) return l;
        }
    }

    public String await(String event, Duration timeout) throws InterruptedException {
        return await(event, l -> true, timeout);
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The string value of {@code "name":"…"} in a JSON line, or null. */
    public static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The strings of the array {@code "name":[…]} in a JSON line. */
    public static List<String> array(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\[([^\\]]*)\\]").matcher(json);
        List<String> out = new ArrayList<>();
        if (!m.find()) return out;
        Matcher s = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1));
        while (s.find()) out.add(s.group(1));
        return out;
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("js peer did not exit within " + timeout + "; output:\n" + output());
        }
        pump.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the peer stops cleanly
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
