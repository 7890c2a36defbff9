package io.phoenix.bridge;

import io.phoenix.protocol.multiformats.Cid;

/**
 * A copy of snapshots outside the swarm: IPFS, a pinning service (Filecoin), Arweave, a CAR file
 * on tape. Blocks keep their CID everywhere, so a bridge moves bytes and checks names.
 *
 * <p>Contract (checked by {@code BridgeContract} for every implementation):
 * <ul>
 *   <li>{@link #push} sends every block of the snapshot the remote does not have yet, is
 *       idempotent, and resumes where an interrupted push stopped;</li>
 *   <li>a failure is a {@link BridgeException} saying whether a retry can help, and never
 *       modifies the local store;</li>
 *   <li>{@link #fetch} returns bytes verified against the CID;</li>
 *   <li>{@link #forEachBlock} finds a snapshot's blocks from the remote alone (no local store, no key);</li>
 *   <li>memory does not grow with the snapshot or with what the remote holds: blocks are walked,
 *       never listed, and whatever grows with them (a remote's listing, an index) goes to disk.</li>
 * </ul>
 * Implementations are safe for use by several threads.
 */
public interface Bridge extends AutoCloseable {
    /** Short name used in configuration and status output, e.g. {@code ipfs}, {@code car}. */
    String name();

    /** Pushes the snapshot; returns once the remote holds all of it (or has accepted it, see {@link SnapshotState}). */
    PushReport push(Snapshot snapshot) throws BridgeException;

    /** What the remote holds of the snapshot rooted at {@code root}. */
    SnapshotState state(Cid root) throws BridgeException;

    /** One block from the remote, verified against {@code cid}. */
    byte[] fetch(Cid cid) throws BridgeException;

    /**
     * Hands every block the snapshot rooted at {@code root} needs to {@code visitor}, read from the
     * remote alone, root first, in the layout's order; the visitor's failures pass through.
     */
    void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException;

    @Override
    default void close() throws BridgeException {}
}
