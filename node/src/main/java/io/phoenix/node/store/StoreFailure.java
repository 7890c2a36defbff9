package io.phoenix.node.store;

import io.phoenix.protocol.store.StoreFullException;
import java.io.IOException;
import java.nio.file.Path;

/** The exception a filesystem block store throws for an I/O failure: a full disk is a {@link StoreFullException}. */
public final class StoreFailure {
    private StoreFailure() {}

    /** Wraps {@code e}, raised while {@code doing} something to {@code what} in the store at {@code root}. */
    public static IOException of(Path root, String doing, String what, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return new StoreFullException("no space left on device while " + doing + " " + what + " in " + root, e);
            }
        }
        return new IOException("failed " + doing + " " + what + " in " + root + ": " + e.getMessage(), e);
    }
}
