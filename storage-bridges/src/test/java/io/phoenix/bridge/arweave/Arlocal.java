package io.phoenix.bridge.arweave;

import io.phoenix.bridge.ExternalProcess;
import io.phoenix.bridge.NpmRecipe;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * arlocal (npm {@code arlocal@1.1.66}), a local Arweave gateway, on a free port with a fresh
 * database under {@code target/}. A background "miner" calls {@code /mine} every 250 ms while it
 * runs, standing in for the network producing blocks, so that transactions get confirmed.
 */
public final class Arlocal implements AutoCloseable {
    private final ExternalProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService miner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "arlocal-miner");
        t.setDaemon(true);
        return t;
    });

    private Arlocal(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Arlocal start() throws IOException, InterruptedException {
        Path dir = NpmRecipe.install("arlocal", "ci");
        int port = ExternalProcess.freePort();
        Path db = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "arlocal-db-");
        ProcessBuilder pb = new ProcessBuilder("node", dir.resolve("node_modules/arlocal/bin/index.js").toString(),
                Integer.toString(port), "--dbpath=" + db, "--hidelogs").directory(dir.toFile());
        ExternalProcess p = ExternalProcess.start(pb, "arlocal", l -> l.contains("arlocal started on port"), Duration.ofSeconds(60));
        return new Arlocal(p, port);
    }

    public URI gateway() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public void mint(String address, BigInteger winston) throws IOException, InterruptedException {
        get("mint/" + address + "/" + winston);
    }

    public void mine() throws IOException, InterruptedException {
        get("mine");
    }

    public void startMining() {
        miner.scheduleAtFixedRate(() -> {
            try {
                mine();
            } catch (IOException e) {
                // arlocal busy or stopping; the next tick tries again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    private void get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gateway().resolve("/" + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("arlocal " + path + ": " + r.statusCode() + " " + r.body());
    }

    @Override
    public void close() {
        miner.shutdownNow();
        process.close();
    }
}
