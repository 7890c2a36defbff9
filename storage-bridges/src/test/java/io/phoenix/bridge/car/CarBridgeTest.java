package io.phoenix.bridge.car;

import io.phoenix.protocol.testing.MapBlockStore;
import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeContract;
import io.phoenix.bridge.TestSnapshots;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class CarBridgeTest extends BridgeContract {
    @TempDir
    Path dir;

    @Override
    protected Bridge newBridge() {
        return new CarBridge(dir, TestSnapshots.LAYOUT);
    }

    @org.junit.jupiter.api.Test
    void manyArchivesAreServedWithAFewOpenAtATime() throws Exception {
        io.phoenix.protocol.testing.MapBlockStore local = new io.phoenix.protocol.testing.MapBlockStore();
        java.util.List<io.phoenix.bridge.Snapshot> pushed = new java.util.ArrayList<>();
        for (int i = 0; i < CarBridge.OPEN + 3; i++) {
            io.phoenix.bridge.Snapshot s = TestSnapshots.manifest(local, seed(), 3, 10, 100);
            bridge.push(s);
            pushed.add(s);
        }
        for (int round = 0; round < 2; round++) { // the first files' indexes were evicted, then are reopened from disk
            for (io.phoenix.bridge.Snapshot s : pushed) {
                java.util.List<io.phoenix.protocol.multiformats.Cid> blocks = TestSnapshots.blocks(s);
                io.phoenix.protocol.multiformats.Cid last = blocks.get(blocks.size() - 1);
                org.junit.jupiter.api.Assertions.assertArrayEquals(local.get(last), bridge.fetch(last));
                org.junit.jupiter.api.Assertions.assertEquals(blocks, TestSnapshots.walk(bridge, s.root()));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void DamagedArchiveDoesNotHideTheOthersAndIsReportedCorrupt() throws Exception {
        io.phoenix.protocol.testing.MapBlockStore local = new io.phoenix.protocol.testing.MapBlockStore();
        io.phoenix.bridge.Snapshot good = TestSnapshots.small(local, seed());
        io.phoenix.bridge.Snapshot bad = TestSnapshots.small(local, seed());
        bridge.push(good);
        bridge.push(bad);
        java.nio.file.Path damaged = ((CarBridge) bridge).fileOf(bad.root());
        byte[] bytes = java.nio.file.Files.readAllBytes(damaged);
        bytes[bytes.length - 5] ^= 1;
        java.nio.file.Files.write(damaged, bytes);
        io.phoenix.protocol.multiformats.Cid last = TestSnapshots.blocks(good).get(TestSnapshots.blocks(good).size() - 1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(local.get(last), bridge.fetch(last));
        io.phoenix.protocol.multiformats.Cid lost = TestSnapshots.blocks(bad).get(TestSnapshots.blocks(bad).size() - 1);
        io.phoenix.bridge.BridgeException e = org.junit.jupiter.api.Assertions.assertThrows(io.phoenix.bridge.BridgeException.class,
                () -> bridge.fetch(lost));
        org.junit.jupiter.api.Assertions.assertEquals(io.phoenix.bridge.BridgeFailure.CORRUPT, e.failure(), e.getMessage());
    }
}
