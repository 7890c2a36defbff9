package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * A bridge operation failed. {@link #failure()} says why and {@link #retryable()} whether trying
 * again unchanged can help. A bridge failure never modifies anything local.
 */
public class BridgeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final BridgeFailure failure;
    private final transient Cid cid;

    public BridgeException(BridgeFailure failure, String message) {
        this(failure, message, null, null);
    }

    public BridgeException(BridgeFailure failure, String message, Throwable cause) {
        this(failure, message, null, cause);
    }

    public BridgeException(BridgeFailure failure, String message, Cid cid, Throwable cause) {
        super(failure.name().toLowerCase(Locale.ROOT) + ": " + message, cause);
        this.failure = failure;
        this.cid = cid;
    }

    public BridgeFailure failure() {
        return failure;
    }

    public boolean retryable() {
        return failure.retryable();
    }

    /** The block the failure is about, when there is one. */
    public Optional<Cid> cid() {
        return Optional.ofNullable(cid);
    }
}
