package io.phoenix.bridge.ipfs;

import io.phoenix.bridge.ExternalProcess;
import io.phoenix.bridge.NpmRecipe;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real, offline js-ipfs 0.18.1 daemon (npm {@code ipfs@0.66.1}) on 127.0.0.1 free ports with a
 * fresh repository under {@code target/}: no bootstrap, no MDNS, no DHT, no preload (see
 * {@code src/test/servers/js-ipfs/start.sh}).
 */
public final class JsIpfsNode implements AutoCloseable {
    private final ExternalProcess process;
    private final int apiPort;
    private final int gatewayPort;

    private JsIpfsNode(ExternalProcess process, int apiPort, int gatewayPort) {
        this.process = process;
        this.apiPort = apiPort;
        this.gatewayPort = gatewayPort;
    }

    private static JsIpfsNode shared;

    /** One node for every IT class in this JVM (started on first use, stopped when the JVM exits). */
    public static synchronized JsIpfsNode shared() throws IOException, InterruptedException {
        if (shared == null) {
            JsIpfsNode n = start();
            Runtime.getRuntime().addShutdownHook(new Thread(n::close, "js-ipfs-stop"));
            shared = n;
        }
        return shared;
    }

    public static JsIpfsNode start() throws IOException, InterruptedException {
        Path dir = NpmRecipe.install("js-ipfs", "install");
        Path repo = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "jsipfs-repo-");
        Files.delete(repo); // start.sh initialises the repository when it has no config
        int api = ExternalProcess.freePort();
        int gw = ExternalProcess.freePort();
        int swarm = ExternalProcess.freePort();
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("start.sh").toString()).directory(dir.toFile());
        pb.environment().put("IPFS_PATH", repo.toString());
        pb.environment().put("API_PORT", Integer.toString(api));
        pb.environment().put("GW_PORT", Integer.toString(gw));
        pb.environment().put("SWARM_PORT", Integer.toString(swarm));
        ExternalProcess p = ExternalProcess.start(pb, "js-ipfs", l -> l.contains("Daemon is ready"), Duration.ofSeconds(120));
        return new JsIpfsNode(p, api, gw);
    }

    public URI api() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    public URI gateway() {
        return URI.create("http://127.0.0.1:" + gatewayPort);
    }

    public IpfsConfig config() {
        return IpfsConfig.of(api()).withFetchTimeout(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        process.close();
    }
}
