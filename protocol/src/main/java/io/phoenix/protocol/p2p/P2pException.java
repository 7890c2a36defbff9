package io.phoenix.protocol.p2p;

/** A network or protocol failure, saying whether trying again (later, or elsewhere) can help. */
public class P2pException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public P2pException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public P2pException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
