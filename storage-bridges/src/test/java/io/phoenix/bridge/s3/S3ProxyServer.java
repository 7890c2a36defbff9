package io.phoenix.bridge.s3;

import io.phoenix.bridge.ExternalProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * S3Proxy 4.1.0 (a real S3 API server; copied to {@code target/s3proxy/s3proxy.jar} by the
 * module's build) with the in-memory {@code transient-nio2} backend, AWS v2/v4 signatures checked,
 * on a free 127.0.0.1 port, run by the same JVM as the tests.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String IDENTITY = "local-identity";
    public static final String CREDENTIAL = "local-credential";

    private final ExternalProcess process;
    private final int port;

    private S3ProxyServer(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static S3ProxyServer start() throws IOException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.exists(jar)) throw new IOException(jar + " missing: run the module's build (mvn verify copies it)");
        int port = ExternalProcess.freePort();
        Path conf = Files.createTempFile(Files.createDirectories(Path.of("target", "servers")), "s3proxy-", ".conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=transient-nio2", ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--properties", conf.toString());
        ExternalProcess p = ExternalProcess.start(pb, "s3proxy",
                l -> l.contains("Started") && l.contains("ServerConnector"), Duration.ofSeconds(60));
        return new S3ProxyServer(p, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public S3Config config(String bucket, String prefix) {
        return new S3Config(endpoint(), "us-east-1", bucket, prefix, IDENTITY, CREDENTIAL, true);
    }

    @Override
    public void close() {
        process.close();
    }
}
