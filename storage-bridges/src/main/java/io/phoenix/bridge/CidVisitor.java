package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;

/** Receives a snapshot's blocks one at a time from a walk; its failures pass through the walk unchanged. */
@FunctionalInterface
public interface CidVisitor {
    void visit(Cid cid) throws BridgeException;
}
