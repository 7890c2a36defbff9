package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Retries the wrapped bridge's operations when they fail with a {@linkplain BridgeException#retryable()
 * retryable} failure, with {@link RetryPolicy} backoff. Because pushes are resumable, a retried
 * push continues where the failed attempt stopped. Permanent failures are rethrown at once; the
 * last failure is rethrown when the attempts run out, earlier ones attached as suppressed.
 */
public final class RetryingBridge implements Bridge {
    @FunctionalInterface
    private interface Call<T> {
        T run() throws BridgeException;
    }

    private final Bridge inner;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public RetryingBridge(Bridge inner, RetryPolicy policy, Sleeper sleeper, RandomGenerator random) {
        this.inner = inner;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    public RetryingBridge(Bridge inner) {
        this(inner, RetryPolicy.defaults(), Sleeper.REAL, RandomGenerator.getDefault());
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public PushReport push(Snapshot snapshot) throws BridgeException {
        return retry(() -> inner.push(snapshot));
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        return retry(() -> inner.state(root));
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        return retry(() -> inner.fetch(cid));
    }

    @Override
    public List<Cid> blocksOf(Cid root) throws BridgeException {
        return retry(() -> inner.blocksOf(root));
    }

    @Override
    public void close() throws BridgeException {
        inner.close();
    }

    private <T> T retry(Call<T> call) throws BridgeException {
        BridgeException first = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (BridgeException e) {
                if (first != null && first != e) e.addSuppressed(first);
                if (!e.retryable() || attempt >= policy.maxAttempts()) throw e;
                first = e;
                try {
                    sleeper.sleep(policy.delay(attempt, random));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    BridgeException stop = new BridgeException(BridgeFailure.INTERRUPTED, "interrupted while waiting to retry " + inner.name(), ie);
                    stop.addSuppressed(e);
                    throw stop;
                }
            }
        }
    }
}
