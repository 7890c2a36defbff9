package io.phoenix.bridge.pinning;

import io.phoenix.bridge.ExternalProcess;
import io.phoenix.bridge.NpmRecipe;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code mock-ipfs-pinning-service} (npm), the reference implementation of the IPFS Pinning
 * Service API, on a free 127.0.0.1 port. It pins nothing: a pin's status follows its name prefix
 * ({@code pinned-}, {@code queued-}, {@code pinning-}, {@code failed-}).
 */
public final class PinningService implements AutoCloseable {
    public static final String TOKEN = "test-token-" + Long.toHexString(System.nanoTime());
    private final ExternalProcess process;
    private final int port;

    private PinningService(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static PinningService start() throws IOException, InterruptedException {
        Path dir = NpmRecipe.install("pinning-service", "ci");
        int port = ExternalProcess.freePort();
        ProcessBuilder pb = new ProcessBuilder("node", "serve-local.cjs").directory(dir.toFile());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("PINNING_TOKEN", TOKEN);
        ExternalProcess p = ExternalProcess.start(pb, "pinning-service", l -> l.contains("pinning service on"), Duration.ofSeconds(60));
        return new PinningService(p, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.close();
    }
}
