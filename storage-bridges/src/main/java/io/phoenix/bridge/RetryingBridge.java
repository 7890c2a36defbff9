package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.util.random.RandomGenerator;

/**
 * Retries the wrapped bridge's operations when they fail with a {@linkplain BridgeException#retryable()
 * retryable} failure, with {@link RetryPolicy} backoff. Because pushes are resumable, a retried
 * push continues where the failed attempt stopped. Permanent failures are rethrown at once; the
 * last failure is rethrown when the attempts run out, earlier ones attached as suppressed. A walk
 * ({@link #forEachBlock}) that fails on the remote is walked again from the root, and the blocks
 * the visitor already had are not handed to it twice (a layout's order is deterministic); the
 * visitor's own failures are never retried.
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
    public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
        long[] handed = {0};
        BridgeException[] fromVisitor = {null};
        retry(() -> {
            long[] seen = {0};
            try {
                inner.forEachBlock(root, cid -> {
                    if (seen[0]++ < handed[0]) return; // handed out by an earlier attempt
                    try {
                        visitor.visit(cid);
                    } catch (BridgeException e) {
                        fromVisitor[0] = e;
                        throw e;
                    }
                    handed[0]++;
                });
            } catch (BridgeException e) {
                if (e == fromVisitor[0]) throw new VisitorFailed(e);
                throw e;
            }
            return null;
        });
    }

    /** Carries a visitor's failure past the retry loop. */
    private static final class VisitorFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VisitorFailed(BridgeException cause) {
            super(cause);
        }
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
            } catch (VisitorFailed e) {
                throw (BridgeException) e.getCause();
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
