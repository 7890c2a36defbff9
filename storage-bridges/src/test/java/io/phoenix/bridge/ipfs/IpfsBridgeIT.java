package io.phoenix.bridge.ipfs;

import io.phoenix.protocol.testing.MapBlockStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeContract;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.ExternalProcess;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.TestSnapshots;
import io.phoenix.bridge.car.CarExport;
import io.phoenix.protocol.multiformats.Cid;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpfsBridgeIT extends BridgeContract {
    static JsIpfsNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws Exception {
        node = JsIpfsNode.shared();
    }

    @Override
    protected Bridge newBridge() {
        return new IpfsBridge(node.config(), TestSnapshots.LAYOUT);
    }

    @Test
    void dialectOfJsIpfsIsDetected() throws Exception {
        assertEquals(IpfsDialect.JS_IPFS, ((IpfsBridge) bridge).client().dialect());
    }

    @Test
    void WrongDialectIsCaughtAsCidMismatch() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot s = TestSnapshots.small(local, seed());
        Map<Cid, byte[]> before = local.contents();
        try (IpfsBridge kuboSpeaking = new IpfsBridge(node.config().withDialect(IpfsDialect.KUBO), TestSnapshots.LAYOUT)) {
            // js-ipfs ignores cid-codec=raw, stores dag-pb and answers a CIDv0: not our CID
            BridgeException e = assertThrows(BridgeException.class, () -> kuboSpeaking.push(s));
            assertEquals(BridgeFailure.CID_MISMATCH, e.failure(), e.getMessage());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains(" as Qm"), e.getMessage());
        }
        assertEquals(before.keySet(), local.contents().keySet());
    }

    @Test
    void UnreachableNodeIsARetryableFailure() throws Exception {
        int port = ExternalProcess.freePort();
        try (IpfsBridge nowhere = new IpfsBridge(IpfsConfig.of(URI.create("http://127.0.0.1:" + port)).withDialect(IpfsDialect.KUBO),
                TestSnapshots.LAYOUT)) {
            BridgeException e = assertThrows(BridgeException.class, () -> nowhere.state(Cid.ofRaw(new byte[] {1})));
            assertEquals(BridgeFailure.UNREACHABLE, e.failure(), e.getMessage());
            assertTrue(e.retryable());
        }
    }

    @Test
    void rawBlocksRestoreByteIdenticalOverTheGateway() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot s = TestSnapshots.small(local, seed());
        bridge.push(s);
        try (IpfsGateway gw = new IpfsGateway(node.gateway(), Duration.ofSeconds(10))) {
            int raw = 0;
            for (Cid cid : TestSnapshots.walk(bridge, s.root())) {
                if (cid.codec() != Cid.RAW) continue; // js-ipfs 0.18's gateway cannot serve dag-cbor blocks raw (500)
                assertArrayEquals(local.get(cid), gw.get(cid));
                raw++;
            }
            assertEquals(40, raw);
        }
    }

    @Test
    void ourCarImportedWithDagImportGivesTheSameRootPinned() throws Exception {
        MapBlockStore local = new MapBlockStore();
        Snapshot s = TestSnapshots.small(local, seed());
        Path car = dir.resolve("s.car");
        try (var out = Files.newOutputStream(car)) {
            CarExport.write(s, out);
        }
        IpfsBridge ipfs = (IpfsBridge) bridge;
        assertEquals(s.root(), ipfs.client().dagImport(car));
        SnapshotState state = ipfs.state(s.root());
        assertEquals(SnapshotState.Status.COMPLETE, state.status(), state.toString());
        assertEquals(TestSnapshots.blocks(s).size(), state.blocksPresent());
        assertEquals(0, ipfs.push(s).blocksSent());
    }
}
