package io.phoenix.bridge.car;

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
}
