package io.phoenix.protocol.store;

import java.io.IOException;

/**
 * The store has no room for a block (a full disk, a quota). Nothing stored earlier is affected;
 * retrying helps only after space has been freed.
 */
public class StoreFullException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
