package io.phoenix.protocol.store;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;

/** The block is not in this store. Fetching it elsewhere may help. */
public class BlockNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public BlockNotFoundException(Cid cid) {
        super("block not found: " + cid);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
