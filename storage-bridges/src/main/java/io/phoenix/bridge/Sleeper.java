package io.phoenix.bridge;

import java.time.Duration;

/** Waits between retries; tests inject one that records the delays instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
