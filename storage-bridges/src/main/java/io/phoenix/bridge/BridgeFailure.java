package io.phoenix.bridge;

/**
 * Why a bridge operation failed, and whether trying again (later, unchanged) can help. The CLI
 * prints {@link #name()} in {@code --json} output.
 */
public enum BridgeFailure {
    /** Connection refused, reset or timed out; a 5xx answer. A retry may help. */
    UNREACHABLE(true),
    /** Credentials missing or refused (HTTP 401/403). Fix the configuration; retrying cannot help. */
    UNAUTHORISED(false),
    /** The remote's storage quota or rate limit is exhausted (HTTP 402/413/429/507). Retrying later may help. */
    QUOTA_EXCEEDED(true),
    /** Our own spending cap (e.g. Arweave budget) would be exceeded. Raise the budget; retrying cannot help. */
    BUDGET_EXCEEDED(false),
    /** The remote named a block with a different CID than ours (wrong codec, hash or dialect). Permanent. */
    CID_MISMATCH(false),
    /** The remote does not have the block or snapshot. Push first or use another source. */
    NOT_FOUND(false),
    /** Bytes received from the remote do not hash to their CID. Another attempt may get good bytes. */
    CORRUPT(true),
    /** The remote answered something we do not understand or refused the request as malformed. Permanent. */
    PROTOCOL(false),
    /** The remote accepted the work and later reported that it failed (e.g. a pinning service could not fetch the DAG). Trying again may help. */
    REMOTE_FAILED(true),
    /** The snapshot handed to the bridge is incomplete or unreadable locally. Permanent until fixed locally. */
    LOCAL(false),
    /** The calling thread was interrupted. */
    INTERRUPTED(false);

    private final boolean retryable;

    BridgeFailure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
