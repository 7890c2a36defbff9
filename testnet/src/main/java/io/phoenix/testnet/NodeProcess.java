package io.phoenix.testnet;

import io.phoenix.node.daemon.ControlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code phoenix node run} JVM for one testnet home (stdout+stderr to {@code HOME/logs/node.log}).
 *
 * <p>Every node runs with the launcher's heap ({@code -Xmx192m}) and logs its collections to
 * {@code HOME/logs/gc.log} ({@code -Xlog:gc,gc+init}: the heap's maximum and one line per pause,
 * read by {@link GcLog}). {@value #JAVA_OPTS_ENV}, when set, is appended to the JVM options (so
 * {@code -Xmx…} there overrides the heap), as {@code PHOENIX_JAVA_OPTS} is by the launcher.
 */
public final class NodeProcess {
    /** Extra JVM options for every node process, split on white space. */
    public static final String JAVA_OPTS_ENV = "PHOENIX_TESTNET_JAVA_OPTS";

    private final TestnetNode node;
    private final Process process;

    private NodeProcess(TestnetNode node, Process process) {
        this.node = node;
        this.process = process;
    }

    public static NodeProcess start(TestnetNode node, Path passphraseFile) throws IOException {
        Files.deleteIfExists(node.home().resolve("control.json"));
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the heap the ./phoenix launcher gives every command and node (docs/operations.md "JVM settings")
        Path log = node.home().resolve("logs").resolve("node.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xlog:gc,gc+init:file=\"" + gcLog(node) + "\"", "--enable-native-access=ALL-UNNAMED"));
        String extra = System.getenv(JAVA_OPTS_ENV);
        if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.strip().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.phoenix.node.cli.Main", "node", "run",
                "--home", node.home().toString(), "--passphrase-file", passphraseFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Files.writeString(node.home().resolve("node.pid"), Long.toString(p.pid()));
        return new NodeProcess(node, p);
    }

    /** Waits until the node published its control file and answers; throws with the log tail otherwise. */
    public ControlClient awaitControl(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException(node.name() + " exited with " + process.exitValue() + ": " + logTail());
            Optional<ControlClient> c = ControlClient.of(node.home());
            if (c.isPresent()) {
                try {
                    if (c.get().get("/v1/status").ok()) return c.get();
                } catch (IOException e) {
                    // not yet listening
                }
            }
            Thread.sleep(100);
        }
        throw new IOException(node.name() + " did not start within " + timeout + ": " + logTail());
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(node.home().resolve("logs").resolve("node.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The node's GC log (the JVM keeps the previous ones of the home as {@code gc.log.0}, {@code .1}, …). */
    public static Path gcLog(TestnetNode node) {
        return node.home().resolve("logs").resolve("gc.log");
    }

    /**
     * The most resident memory the process has had ({@code VmHWM} of {@code /proc/PID/status}),
     * or empty where there is no such file (not Linux, or the process is gone).
     */
    public OptionalLong peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) << 10);
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process has exited
        }
        return OptionalLong.empty();
    }

    /**
     * Asks the JVM for a full collection ({@code jcmd PID GC.run}); the GC log then shows what the
     * process retains ({@link GcLog#afterLastRequestedFull()}). False when {@code jcmd} is missing or
     * did not answer within {@code timeout}.
     */
    public boolean requestFullGc(Duration timeout) throws InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) return false;
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public TestnetNode node() {
        return node;
    }

    public long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (a crash). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
