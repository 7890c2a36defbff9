package io.phoenix.bridge.car;

import io.phoenix.bridge.DagWalkLayout;
import io.phoenix.bridge.Snapshot;
import io.phoenix.protocol.testing.MapBlockStore;
import java.io.IOException;

/** The listed snapshot in the walk's order (the order {@code phoenix export} writes). */
final class TestSnapshotsWalk {
    private TestSnapshotsWalk() {}

    static Snapshot of(Snapshot s, MapBlockStore store) throws IOException {
        return Snapshot.of(s.root(), store, new DagWalkLayout());
    }
}
