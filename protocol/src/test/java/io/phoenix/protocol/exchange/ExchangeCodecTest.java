package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.protocol.exchange.pb.Block;
import io.phoenix.protocol.exchange.pb.Blocks;
import io.phoenix.protocol.exchange.pb.ExchangeFrame;
import io.phoenix.protocol.exchange.pb.Holdings;
import io.phoenix.protocol.exchange.pb.Want;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.swarm.SwarmDefinition;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExchangeCodecTest {
    static final Cid M = Cid.ofRaw(new byte[] {42});

    static List<Cid> cids(int n) {
        List<Cid> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Cid.ofRaw(new byte[] {(byte) i, (byte) (i >> 8)}));
        return out;
    }

    @Test
    void wantGoldenBytes() {
        Cid hello = Cid.ofRaw("hello".getBytes());
        // ExchangeFrame{want(5): Want{cids(1): [36-byte CID]}} = 2a 26 0a 24 <cid>
        assertEquals("2a260a24" + HexFormat.of().formatHex(hello.toBytes()), HexFormat.of().formatHex(ExchangeCodec.want(List.of(hello))));
        assertEquals("0a" + "26" + "0801" + "1222" + HexFormat.of().formatHex(SwarmDefinition.empty("x").id().toBytes()),
                HexFormat.of().formatHex(ExchangeCodec.hello(SwarmDefinition.empty("x").id())));
    }

    @Test
    void holdingsOfACompleteSnapshotCarryNoBitmap() {
        Holdings h = ExchangeCodec.decode(ExchangeCodec.holdings(M, 20_000_000, true)).getHoldings();
        assertTrue(h.getComplete());
        assertEquals(20_000_000, h.getTotal());
        assertEquals(0, h.getBitmap().size());
    }

    @Test
    void holdingsWindowRoundTripsThroughAPositionSet() {
        PositionSet held = PositionSet.inHeap().create(1000);
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) if (r.nextBoolean()) held.add(i);
        byte[] bitmap = new byte[125];
        held.copyBitmap(0, bitmap);
        Holdings h = ExchangeCodec.decode(ExchangeCodec.holdingsWindow(M, 1000, 0, bitmap)).getHoldings();
        assertEquals(125, h.getBitmap().size());
        PositionSet back = PositionSet.inHeap().create(1000);
        back.addBitmap(h.getFirstIndex() / 8, h.getBitmap().toByteArray());
        for (int i = 0; i < 1000; i++) assertEquals(held.contains(i), back.contains(i), "position " + i);
        assertEquals(held.count(), back.count());
    }

    /** An index of {@code total} entries that is never read (holdings frames only need its size). */
    static SnapshotIndex sized(long total) {
        return new SnapshotIndex() {
            public long total() {
                return total;
            }

            public Cid cid(long position) {
                throw new UnsupportedOperationException();
            }

            public long position(Cid cid) {
                return -1;
            }

            public boolean searchable() {
                return false;
            }

            public void close() {}
        };
    }

    @Test
    void largeIndexIsSplitIntoWindows() {
        long total = 9_000_000; // > 8,388,608 entries per 1 MiB window
        assertEquals(1, ExchangeCodec.holdingsWindows(8_388_608));
        assertEquals(2, ExchangeCodec.holdingsWindows(total));
        LocalHoldings h = new LocalHoldings();
        h.registerPartial(M, sized(total), PositionSet.inHeap().create(total));
        h.stored(M, 5);
        h.stored(M, 8_388_608 + 3);
        Holdings first = ExchangeCodec.decode(h.holdingsFrame(M, 0)).getHoldings();
        Holdings second = ExchangeCodec.decode(h.holdingsFrame(M, 1)).getHoldings();
        assertNull(h.holdingsFrame(M, 2));
        assertEquals(ExchangeLimits.MAX_BITMAP_BYTES, first.getBitmap().size());
        assertEquals(1 << 5, first.getBitmap().byteAt(0));
        assertEquals(8_388_608, second.getFirstIndex());
        assertEquals((total + 7) / 8 - ExchangeLimits.MAX_BITMAP_BYTES, second.getBitmap().size());
        assertEquals(1 << 3, second.getBitmap().byteAt(0));
        assertThrows(IllegalArgumentException.class, () -> ExchangeCodec.holdingsWindow(M, 100, 3, new byte[1]));
    }

    @Test
    void wantFloodIsRejected() {
        Want.Builder w = Want.newBuilder();
        for (Cid c : cids(ExchangeLimits.MAX_CIDS_PER_FRAME + 1)) w.addCids(ByteString.copyFrom(c.toBytes()));
        byte[] frame = ExchangeFrame.newBuilder().setWant(w).build().toByteArray();
        var e = assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(frame));
        assertTrue(e.getMessage().contains("Want CIDs: 1025 exceeds the limit of 1024"), e.getMessage());
    }

    @Test
    void oversizedBlockIsRejected() {
        byte[] big = new byte[ExchangeLimits.MAX_BLOCK_BYTES + 1];
        byte[] frame = ExchangeFrame.newBuilder().setBlocks(Blocks.newBuilder().addBlocks(Block.newBuilder()
                .setCid(ByteString.copyFrom(Cid.ofRaw(big).toBytes())).setData(ByteString.copyFrom(big)))).build().toByteArray();
        assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(frame));
    }

    @Test
    void malformedFramesAreRejected() {
        assertTrue(assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(new byte[0]))
                .getMessage().contains("without a message"));
        assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(new byte[] {0x2a, 0x05, 0x0a, 0x03, 1, 2, 3}));
        assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        byte[] badWindow = ExchangeFrame.newBuilder().setHoldings(Holdings.newBuilder().setManifest(ByteString.copyFrom(M.toBytes()))
                .setTotal(100).setFirstIndex(3)).build().toByteArray();
        assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(badWindow));
        byte[] oldVersion = ExchangeFrame.newBuilder().setHello(io.phoenix.protocol.exchange.pb.Hello.newBuilder().setVersion(2)).build().toByteArray();
        assertTrue(assertThrows(ProtocolViolationException.class, () -> ExchangeCodec.decode(oldVersion))
                .getMessage().contains("unsupported exchange version 2"));
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButAViolation() {
        Random r = new Random(9);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            try {
                ExchangeCodec.decode(junk);
            } catch (ProtocolViolationException expected) {
                // fine
            }
        }
    }

    @Test
    void localHoldingsNotifiesEveryPositionOnce() {
        LocalHoldings h = new LocalHoldings();
        List<Cid> idx = cids(4);
        List<Long> seen = new ArrayList<>();
        h.addListener((m, i) -> seen.add(i));
        h.registerPartial(M, SnapshotIndex.of(idx), PositionSet.inHeap().create(4));
        h.stored(M, 0);
        h.stored(idx.get(1));
        h.stored(idx.get(1));
        h.stored(M, 3);
        h.stored(M, 3);
        assertEquals(List.of(0L, 1L, 3L), seen);
        assertEquals(3, h.view(M).held());
        assertTrue(!h.view(M).complete());
        Holdings partial = ExchangeCodec.decode(h.holdingsFrame(M, 0)).getHoldings();
        assertEquals(0b1011, partial.getBitmap().byteAt(0));
        assertEquals(4, partial.getTotal());
        h.stored(idx.get(2));
        assertTrue(h.view(M).complete());
        assertTrue(ExchangeCodec.decode(h.holdingsFrame(M, 0)).getHoldings().getComplete());
        assertEquals(0, h.view(Cid.ofRaw(new byte[] {7})).total());
        assertEquals(0, ExchangeCodec.decode(h.holdingsFrame(Cid.ofRaw(new byte[] {7}), 0)).getHoldings().getTotal());
    }
}
