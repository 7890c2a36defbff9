package io.phoenix.node.store;

import java.io.IOException;

/** A home or block store is locked by another process. Retrying helps only once that process has exited. */
public class InUseException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long pid;

    public InUseException(String message, long pid) {
        super(message);
        this.pid = pid;
    }

    /** The holder's pid, or -1 when it could not be read. */
    public long pid() {
        return pid;
    }
}
