package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.BitSet;
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
    void holdingsBitmapRoundTrips() {
        BitSet held = new BitSet();
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) if (r.nextBoolean()) held.set(i);
        List<byte[]> frames = ExchangeCodec.holdings(M, 1000, false, held);
        assertEquals(1, frames.size());
        Holdings h = ExchangeCodec.decode(frames.get(0)).getHoldings();
        assertEquals(125, h.getBitmap().size());
        assertEquals(held, ExchangeCodec.heldIndices(h));
        BitSet all = ExchangeCodec.heldIndices(ExchangeCodec.decode(ExchangeCodec.holdings(M, 10, true, new BitSet()).get(0)).getHoldings());
        assertEquals(10, all.cardinality());
    }

    @Test
    void largeIndexIsSplitIntoWindows() {
        long total = 9_000_000; // > 8,388,608 entries per 1 MiB window
        BitSet held = new BitSet();
        held.set(5);
        held.set(8_388_608 + 3);
        List<byte[]> frames = ExchangeCodec.holdings(M, total, false, held);
        assertEquals(2, frames.size());
        Holdings second = ExchangeCodec.decode(frames.get(1)).getHoldings();
        assertEquals(8_388_608, second.getFirstIndex());
        assertEquals(BitSet.valueOf(new long[0]).get(0), false);
        assertTrue(ExchangeCodec.heldIndices(second).get(8_388_608 + 3));
        assertTrue(ExchangeCodec.heldIndices(ExchangeCodec.decode(frames.get(0)).getHoldings()).get(5));
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
        BitSet held = new BitSet();
        held.set(0);
        h.register(M, List.of(idx.get(0), idx.get(1), idx.get(2), idx.get(1)), held);
        h.stored(idx.get(1));
        h.stored(idx.get(1));
        h.stored(idx.get(0));
        assertEquals(List.of(1L, 3L), seen);
        assertEquals(3, h.view(M).held().cardinality());
        assertTrue(!h.view(M).complete());
        h.stored(idx.get(2));
        assertTrue(h.view(M).complete());
        assertEquals(0, h.view(Cid.ofRaw(new byte[] {7})).total());
    }
}
