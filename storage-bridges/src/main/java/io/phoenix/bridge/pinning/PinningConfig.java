package io.phoenix.bridge.pinning;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A remote pinning service (IPFS Pinning Service API). {@code endpoint} is the API base (the
 * {@code /pins} resource is under it); {@code token} the bearer access token ({@code null}: taken
 * from {@code PHOENIX_PINNING_TOKEN}, see {@link #resolveToken}); pins are named
 * {@code namePrefix + <manifest CID>}; {@code pollInterval}/{@code pinTimeout} bound the wait for
 * {@code pinned} (after the timeout a push reports the pin as still pending).
 */
public record PinningConfig(URI endpoint, String token, String namePrefix, Duration pollInterval, Duration pinTimeout,
                            Duration requestTimeout) {
    public static final String TOKEN_VARIABLE = "PHOENIX_PINNING_TOKEN";

    public PinningConfig {
        if (namePrefix == null) namePrefix = "phoenix-";
    }

    public static PinningConfig of(URI endpoint, String token) {
        return new PinningConfig(endpoint, token, "phoenix-", Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(60));
    }

    /** This configuration with the token filled from {@code env} when none was configured. */
    public PinningConfig resolveToken(Map<String, String> env) {
        if (token != null && !token.isBlank()) return this;
        return new PinningConfig(endpoint, env.get(TOKEN_VARIABLE), namePrefix, pollInterval, pinTimeout, requestTimeout);
    }

    public PinningConfig withNamePrefix(String prefix) {
        return new PinningConfig(endpoint, token, prefix, pollInterval, pinTimeout, requestTimeout);
    }

    public PinningConfig withPolling(Duration interval, Duration timeout) {
        return new PinningConfig(endpoint, token, namePrefix, interval, timeout, requestTimeout);
    }
}
