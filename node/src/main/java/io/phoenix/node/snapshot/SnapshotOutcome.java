package io.phoenix.node.snapshot;

import io.phoenix.protocol.multiformats.Cid;

/** A published snapshot: its manifest CID, what it counted and what it warned about. */
public record SnapshotOutcome(Cid id, SnapshotStats stats, Warnings warnings, long blocks) {}
