package io.phoenix.protocol.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.protocol.exchange.ProtocolViolationException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.swarm.pb.Heads;
import io.phoenix.protocol.swarm.pb.Partial;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Heads field 6: progress on snapshots still being fetched (for the replication matrix). */
class HeadsCodecPartialTest {
    static final Cid M1 = Cid.ofRaw(new byte[] {1});
    static final Cid M2 = Cid.ofRaw(new byte[] {2});

    private static Heads.Builder heads() {
        return Heads.newBuilder().setVersion(HeadsCodec.VERSION).setSwarmId(ByteString.copyFrom(AntiEntropyTest.DEF.id().toBytes()));
    }

    private static Partial partial(Cid m, long held, long total) {
        return Partial.newBuilder().setManifest(ByteString.copyFrom(m.toBytes())).setHeld(held).setTotal(total).build();
    }

    @Test
    void partialHoldingsRoundTripAndReachThePeerView() {
        HeadsView v = new HeadsView(List.of(), Set.of(M1), List.of(), List.of(new PartialHolding(M2, 7, 20)));
        HeadsCodec.Message m = HeadsCodec.decode(HeadsCodec.encode(AntiEntropyTest.DEF.id(), v));
        assertEquals(List.of(new PartialHolding(M2, 7, 20)), m.view().partial());
        assertEquals(35, m.view().partial().get(0).percent());
        AntiEntropy ae = new AntiEntropy(new io.phoenix.protocol.swarm.SwarmGate(AntiEntropyTest.DEF), 1000);
        ae.received(AntiEntropyTest.B.peerId(), m, c -> true, 0);
        assertEquals(List.of(new PartialHolding(M2, 7, 20)), ae.peerView(AntiEntropyTest.B.peerId()).orElseThrow().view().partial());
    }

    @Test
    void messageWithoutField6DecodesWithNoProgress() {
        HeadsCodec.Message m = HeadsCodec.decode(heads().addComplete(ByteString.copyFrom(M1.toBytes())).build().toByteArray());
        assertTrue(m.view().partial().isEmpty());
        assertEquals(Set.of(M1), m.view().complete());
    }

    @Test
    void PartialHoldingAboveItsTotalIsRejected() {
        byte[] bad = heads().addPartial(partial(M1, 21, 20)).build().toByteArray();
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(bad));
        assertTrue(e.getMessage().contains("held 21 of 20"), e.getMessage());
        assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(heads().addPartial(partial(M1, 0, 0)).build().toByteArray()));
    }

    @Test
    void PartialHoldingWithAGarbageCidIsRejected() {
        byte[] bad = heads().addPartial(Partial.newBuilder().setManifest(ByteString.copyFrom(new byte[] {9, 9, 9})).setHeld(1).setTotal(2)).build().toByteArray();
        assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(bad));
    }

    @Test
    void TooManyPartialHoldingsAreRejected() {
        Heads.Builder b = heads();
        for (int i = 0; i <= HeadsCodec.MAX_PARTIAL; i++) b.addPartial(partial(Cid.ofRaw(new byte[] {(byte) i, 1}), 1, 2));
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(b.build().toByteArray()));
        assertTrue(e.getMessage().contains("partial holdings exceed"), e.getMessage());
        List<PartialHolding> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) many.add(new PartialHolding(Cid.ofRaw(new byte[] {(byte) i, 2}), 1, 2));
        HeadsView v = new HeadsView(List.of(), Set.of(), List.of(), many);
        assertEquals(HeadsCodec.MAX_PARTIAL, HeadsCodec.decode(HeadsCodec.encode(AntiEntropyTest.DEF.id(), v)).view().partial().size());
    }
}
