package io.phoenix.bridge.ipfs;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to reach an IPFS node. {@code api} is the RPC base (e.g.
 * {@code http://127.0.0.1:5001}); {@code fetchTimeout} bounds a {@code block/get}, after which a
 * block counts as not found; {@code parallelism} bounds concurrent {@code block/put}s;
 * {@code dialect} forces a dialect ({@code null}: detect).
 */
public record IpfsConfig(URI api, Duration requestTimeout, Duration fetchTimeout, int parallelism, IpfsDialect dialect) {
    public IpfsConfig {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
    }

    public static IpfsConfig of(URI api) {
        return new IpfsConfig(api, Duration.ofMinutes(2), Duration.ofSeconds(10), 4, null);
    }

    public IpfsConfig withFetchTimeout(Duration d) {
        return new IpfsConfig(api, requestTimeout, d, parallelism, dialect);
    }

    public IpfsConfig withDialect(IpfsDialect d) {
        return new IpfsConfig(api, requestTimeout, fetchTimeout, parallelism, d);
    }

    public IpfsConfig withParallelism(int p) {
        return new IpfsConfig(api, requestTimeout, fetchTimeout, p, dialect);
    }
}
