package io.phoenix.protocol.swarm;

/** A replication receipt that does not verify or is not from a site of the swarm. Permanent. */
public class InvalidReceiptException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidReceiptException(String message) {
        super(message);
    }

    public InvalidReceiptException(String message, Throwable cause) {
        super(message, cause);
    }
}
