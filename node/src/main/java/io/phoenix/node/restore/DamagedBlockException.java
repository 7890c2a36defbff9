package io.phoenix.node.restore;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** A block needed for a restore or verify is missing, corrupt or does not decode. Another copy may help. */
public class DamagedBlockException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public DamagedBlockException(Cid cid, String detail, Throwable cause) {
        super("block " + cid + " " + detail, cause);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
