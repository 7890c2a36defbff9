package io.phoenix.protocol.store;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** Stored or received bytes do not hash to their CID (or cannot be read whole). */
public class CorruptBlockException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public CorruptBlockException(Cid cid, String detail) {
        super("corrupt block " + cid + ": " + detail);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
