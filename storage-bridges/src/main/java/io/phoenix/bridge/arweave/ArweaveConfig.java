package io.phoenix.bridge.arweave;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;

/**
 * How to use Arweave. {@code gateway}: a node or gateway ({@code https://arweave.net}, arlocal);
 * {@code appName}/{@code swarm}: tags that find our transactions again; {@code packSize}: blocks
 * are packed into transactions of at most this many bytes (a block larger than that travels alone);
 * {@code inlineLimit}: larger transaction data is uploaded as 256 KiB chunks; {@code budgetWinston}:
 * a push whose quoted price is higher is refused before anything is uploaded;
 * {@code confirmations}: how many a transaction needs to count as stored, polled every
 * {@code pollInterval} for at most {@code confirmTimeout} (after which the push reports pending).
 */
public record ArweaveConfig(URI gateway, String appName, String swarm, int packSize, int inlineLimit, BigInteger budgetWinston,
                            int confirmations, Duration pollInterval, Duration confirmTimeout, Duration requestTimeout,
                            int parallelism) {
    public ArweaveConfig {
        if (packSize < 1024) throw new IllegalArgumentException("packSize below 1 KiB");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        if (budgetWinston.signum() < 0) throw new IllegalArgumentException("negative budget");
    }

    public static ArweaveConfig of(URI gateway, String swarm, BigInteger budgetWinston) {
        return new ArweaveConfig(gateway, "Phoenix", swarm, 8 << 20, 256 << 10, budgetWinston, 1, Duration.ofSeconds(10),
                Duration.ofMinutes(30), Duration.ofMinutes(2), 4);
    }

    public ArweaveConfig withPacking(int packSize, int inlineLimit) {
        return new ArweaveConfig(gateway, appName, swarm, packSize, inlineLimit, budgetWinston, confirmations, pollInterval,
                confirmTimeout, requestTimeout, parallelism);
    }

    public ArweaveConfig withBudget(BigInteger winston) {
        return new ArweaveConfig(gateway, appName, swarm, packSize, inlineLimit, winston, confirmations, pollInterval,
                confirmTimeout, requestTimeout, parallelism);
    }

    public ArweaveConfig withConfirmation(int confirmations, Duration pollInterval, Duration timeout) {
        return new ArweaveConfig(gateway, appName, swarm, packSize, inlineLimit, budgetWinston, confirmations, pollInterval,
                timeout, requestTimeout, parallelism);
    }
}
