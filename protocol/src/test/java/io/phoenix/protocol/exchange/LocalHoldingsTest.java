package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.pb.Holdings;
import io.phoenix.protocol.multiformats.Cid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What this node holds, in memory that does not grow with the snapshots' sizes. */
class LocalHoldingsTest {
    static Cid manifest(int i) {
        return Cid.of(Cid.DAG_CBOR, ByteBuffer.allocate(4).putInt(i).array());
    }

    @Test
    void tenThousandCompleteSnapshotsOfAHundredThousandBlocksKeepNoPerBlockState() {
        LocalHoldings h = new LocalHoldings();
        List<Cid> told = new ArrayList<>();
        h.addListener(new LocalHoldings.Listener() {
            public void acquired(Cid manifest, long position) {
                throw new AssertionError("no position is acquired by registering a complete snapshot");
            }

            public void completed(Cid manifest) {
                told.add(manifest);
            }
        });
        for (int i = 0; i < 10_000; i++) h.registerComplete(manifest(i), 100_000);
        // the only state is one entry per snapshot: nothing per block, and no position set
        assertEquals(10_000, h.completeCount());
        assertEquals(0, h.partialCount());
        assertEquals(10_000, told.size());
        LocalHoldings.View v = h.view(manifest(1234));
        assertEquals(new LocalHoldings.View(manifest(1234), 100_000, true, 100_000), v);
        Holdings frame = ExchangeCodec.decode(h.holdingsFrame(manifest(1234), 0)).getHoldings();
        assertTrue(frame.getComplete());
        assertEquals(0, frame.getBitmap().size(), "a complete snapshot's holdings carry no bitmap");
        assertNull(h.holdingsFrame(manifest(1234), 1));
    }

    @Test
    void aSnapshotBecomingCompleteDropsItsPositionSet() {
        LocalHoldings h = new LocalHoldings();
        PositionSet held = PositionSet.inHeap().create(3);
        assertTrue(h.registerPartial(manifest(1), SnapshotIndex.of(List.of(Cid.ofRaw(new byte[] {1}))), held));
        assertEquals(1, h.partialCount());
        h.registerComplete(manifest(1), 1);
        assertEquals(0, h.partialCount());
        assertThrows(IllegalStateException.class, held::count, "the partial state was freed");
        PositionSet again = PositionSet.inHeap().create(3);
        assertFalse(h.registerPartial(manifest(1), SnapshotIndex.of(List.of()), again), "already complete");
        assertThrows(IllegalStateException.class, again::count);
    }

    @Test
    void unregisteringAStaleFetchLeavesTheNewOneAlone() {
        LocalHoldings h = new LocalHoldings();
        SnapshotIndex index = SnapshotIndex.of(List.of(Cid.ofRaw(new byte[] {1})));
        PositionSet first = PositionSet.inHeap().create(1);
        PositionSet second = PositionSet.inHeap().create(1);
        h.registerPartial(manifest(1), index, first);
        h.registerPartial(manifest(1), index, second);
        h.unregisterPartial(manifest(1), first);
        assertEquals(1, h.partialCount());
        h.stored(manifest(1), 0);
        assertTrue(h.view(manifest(1)).complete());
        h.unregisterPartial(manifest(1), second);
        assertEquals(0, h.partialCount());
        assertEquals(0, h.view(manifest(1)).total());
    }
}
