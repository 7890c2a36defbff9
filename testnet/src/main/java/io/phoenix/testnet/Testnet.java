package io.phoenix.testnet;

import io.phoenix.node.daemon.ControlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running local testnet: the node processes and their control clients. */
public final class Testnet implements AutoCloseable {
    private static final Pattern SNAP = Pattern.compile(
            "\\{\"id\":\"([^\"]+)\",\"sequence\":(\\d+),\"held\":(\\d+),\"total\":(\\d+),\"complete\":(true|false)([^}]*)\\}");
    private static final Pattern FETCHED = Pattern.compile(",\"fetched_blocks\":(\\d+),\"fetched_bytes\":(\\d+),\"bad_blocks\":(\\d+)");
    private static final Pattern UPLOADED = Pattern.compile("\"uploaded_bytes\":(\\d+)");

    private final Path dir;
    private final List<TestnetNode> nodes;
    private final List<NodeProcess> processes = new ArrayList<>();
    private final List<ControlClient> controls = new ArrayList<>();

    private Testnet(Path dir, List<TestnetNode> nodes) {
        this.dir = dir;
        this.nodes = nodes;
    }

    /** Starts {@code count} of the laid-out nodes (the rest stay spare). */
    public static Testnet start(Path dir, List<TestnetNode> nodes, int count) throws IOException, InterruptedException {
        Testnet t = new Testnet(dir, nodes);
        try {
            for (int i = 0; i < count; i++) t.processes.add(NodeProcess.start(nodes.get(i), dir.resolve("passphrase")));
            for (NodeProcess p : t.processes) t.controls.add(p.awaitControl(Duration.ofSeconds(90)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    public List<TestnetNode> nodes() {
        return nodes;
    }

    public NodeProcess process(int i) {
        return processes.get(i);
    }

    public ControlClient control(int i) {
        return controls.get(i);
    }

    public int running() {
        return processes.size();
    }

    public void restart(int i) throws IOException, InterruptedException {
        processes.set(i, NodeProcess.start(nodes.get(i), dir.resolve("passphrase")));
        controls.set(i, processes.get(i).awaitControl(Duration.ofSeconds(90)));
    }

    /** Starts laid-out node {@code i} that was left spare (it must be the next one). */
    public void startSpare(int i) throws IOException, InterruptedException {
        if (i != processes.size()) throw new IllegalArgumentException("spare nodes start in order; next is " + processes.size());
        processes.add(NodeProcess.start(nodes.get(i), dir.resolve("passphrase")));
        controls.add(processes.get(i).awaitControl(Duration.ofSeconds(90)));
    }

    /** Takes a snapshot on the writer (node0); returns its id. */
    public String snapshot() throws IOException {
        ControlClient.Reply r = controls.get(0).post("/v1/snapshot");
        if (!r.ok()) throw new IOException("snapshot failed: " + r.body());
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) throw new IOException("snapshot reply without id: " + r.body());
        return m.group(1);
    }

    /** Node i's progress on {@code id}: {held, total, complete?1:0}, or null when it does not know it yet. */
    public long[] progress(int i, String id) throws IOException {
        ControlClient.Reply r = controls.get(i).get("/v1/status");
        Matcher m = SNAP.matcher(r.body());
        while (m.find()) {
            if (m.group(1).equals(id)) {
                return new long[] {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), m.group(5).equals("true") ? 1 : 0};
            }
        }
        return null;
    }

    /**
     * What node i's current process fetched to complete {@code id}: {blocks, bytes, bad blocks}
     * (blocks it already held are not counted), or null when it has not completed it by fetching.
     */
    public long[] fetched(int i, String id) throws IOException {
        Matcher m = SNAP.matcher(controls.get(i).get("/v1/status").body());
        while (m.find()) {
            if (!m.group(1).equals(id)) continue;
            Matcher f = FETCHED.matcher(m.group(6));
            return f.find() ? new long[] {Long.parseLong(f.group(1)), Long.parseLong(f.group(2)), Long.parseLong(f.group(3))} : null;
        }
        return null;
    }

    /**
     * {@link #fetched} once it is there: a snapshot reads complete as soon as its last block is
     * stored, and the fetch's result is recorded a moment later (after the store's flush).
     */
    public long[] awaitFetched(int i, String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long[] f;
        while ((f = fetched(i, id)) == null && System.nanoTime() < deadline) Thread.sleep(20);
        return f;
    }

    /** Names of the sites node i has banned (for sending bad blocks or breaking the protocol). */
    public List<String> banned(int i) throws IOException {
        Matcher m = Pattern.compile("\"banned\":\\[([^\\]]*)\\]").matcher(controls.get(i).get("/v1/status").body());
        List<String> out = new ArrayList<>();
        if (m.find()) for (String s : m.group(1).split(",")) if (!s.isBlank()) out.add(s.replace("\"", "").trim());
        return out;
    }

    public long uploadedBytes(int i) throws IOException {
        Matcher m = UPLOADED.matcher(controls.get(i).get("/v1/status").body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Writes {@code dir/testnet.json}: what {@code up} prints. */
    public String describe() throws IOException {
        StringBuilder sb = new StringBuilder("{\"dir\":\"").append(dir).append("\",\"nodes\":[");
        for (int i = 0; i < nodes.size(); i++) {
            TestnetNode n = nodes.get(i);
            if (i > 0) sb.append(',');
            String control = i < processes.size() ? controlUrl(n.home()) : null;
            sb.append("{\"name\":\"").append(n.name()).append("\",\"home\":\"").append(n.home()).append("\",\"peer\":\"")
                    .append(n.peerId()).append("\",\"multiaddr\":\"").append(n.multiaddr()).append("\",\"writer\":").append(n.writer())
                    .append(",\"running\":").append(i < processes.size()).append(",\"pid\":")
                    .append(i < processes.size() ? processes.get(i).pid() : -1)
                    .append(",\"control\":").append(control == null ? "null" : "\"" + control + "\"").append('}');
        }
        return sb.append("]}").toString();
    }

    private static String controlUrl(Path home) throws IOException {
        Path f = home.resolve("control.json");
        if (!Files.exists(f)) return null;
        Matcher m = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(Files.readString(f));
        return m.find() ? m.group(1) : null;
    }

    /** Stops every node (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() throws InterruptedException {
        for (NodeProcess p : processes) if (p.isAlive()) p.process().destroy();
        for (NodeProcess p : processes) p.stop(Duration.ofSeconds(10));
    }

    /** {@code testnet down}: stops the processes recorded in each home's node.pid. */
    public static int down(Path dir) throws IOException {
        int stopped = 0;
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.list(dir)) {
            for (Path home : (Iterable<Path>) s::iterator) {
                Path pid = home.resolve("node.pid");
                if (!Files.exists(pid)) continue;
                long p = Long.parseLong(Files.readString(pid).trim());
                var ph = ProcessHandle.of(p);
                if (ph.isPresent() && ph.get().info().commandLine().orElse("").contains(home.toString())) {
                    ph.get().destroy();
                    try {
                        ph.get().onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        ph.get().destroyForcibly();
                    }
                    stopped++;
                }
                Files.deleteIfExists(pid);
            }
        }
        return stopped;
    }

}
