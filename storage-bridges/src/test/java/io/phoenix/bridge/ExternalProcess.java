package io.phoenix.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A server process started by a test (js-ipfs, arlocal, the pinning service, S3Proxy): output goes
 * to a log file under {@code target/}; {@link #start} returns once a line of output says the
 * server is ready (bounded wait); {@link #close} stops it and its children.
 */
public final class ExternalProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ExternalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ExternalProcess start(ProcessBuilder pb, String name, Predicate<String> ready, Duration timeout)
            throws IOException {
        Path log = Path.of("target", "servers", name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".log");
        Files.createDirectories(log.getParent());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<Void> up = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    if (!up.isDone() && ready.test(line)) up.complete(null);
                }
            } catch (IOException e) {
                up.completeExceptionally(e);
            }
            up.completeExceptionally(new IOException(name + " closed its output before it was ready"));
        }, name + "-log");
        pump.setDaemon(true);
        pump.start();
        ExternalProcess server = new ExternalProcess(p, log);
        try {
            up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            server.close();
            throw new IOException(name + " did not start within " + timeout + ", see " + log.toAbsolutePath() + ": " + e, e);
        }
        return server;
    }

    public Path log() {
        return log;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
