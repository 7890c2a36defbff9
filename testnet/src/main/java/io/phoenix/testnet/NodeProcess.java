package io.phoenix.testnet;

import io.phoenix.node.daemon.ControlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real {@code phoenix node run} JVM for one testnet home (stdout+stderr to {@code HOME/logs/node.log}). */
public final class NodeProcess {
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
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.phoenix.node.cli.Main", "node", "run", "--home", node.home().toString(), "--passphrase-file", passphraseFile.toString()));
        Path log = node.home().resolve("logs").resolve("node.log");
        Files.createDirectories(log.getParent());
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
