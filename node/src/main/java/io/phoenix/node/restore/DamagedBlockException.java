package io.phoenix.node.restore;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** A block needed for a restore or verify is missing, corrupt or does not decode. Another copy may help. */
public class DamagedBlockException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    /** {@code message} names the block (e.g. "block b... is missing from the store"). */
    public DamagedBlockException(Cid cid, String message, Throwable cause) {
        super(message, cause);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
