package io.phoenix.protocol.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.exchange.ProtocolViolationException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.SwarmGate;
import io.phoenix.protocol.testing.TestPeers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AntiEntropyTest {
    static final IdentityKey A = TestPeers.identity(1);
    static final IdentityKey B = TestPeers.identity(2);
    static final PeerId STRANGER = TestPeers.peer(3);
    static final SwarmDefinition DEF = new SwarmDefinition("s", List.of(new Site("a", A.peerId(), List.of(), SiteRole.FULL),
            new Site("b", B.peerId(), List.of(), SiteRole.STORAGE)), List.of(), List.of());
    static final Cid M1 = Cid.ofRaw(new byte[] {1});
    static final Cid M2 = Cid.ofRaw(new byte[] {2});

    static HeadsCodec.Message message(HeadsView v) {
        return HeadsCodec.decode(HeadsCodec.encode(DEF.id(), v));
    }

    @Test
    void exchangesOnConnectAndAfterEachInterval() {
        AntiEntropy ae = new AntiEntropy(new SwarmGate(DEF), 1000);
        assertEquals(List.of(new AntiEntropyAction.Exchange(B.peerId())), ae.connected(B.peerId(), 0));
        assertTrue(ae.tick(999).isEmpty());
        assertEquals(List.of(new AntiEntropyAction.Exchange(B.peerId())), ae.tick(1000));
        assertTrue(ae.tick(1500).isEmpty());
        ae.disconnected(B.peerId());
        assertTrue(ae.tick(5000).isEmpty());
    }

    @Test
    void strangerIsRefusedOnConnect() {
        AntiEntropy ae = new AntiEntropy(new SwarmGate(DEF), 1000);
        var a = ae.connected(STRANGER, 0);
        assertEquals(1, a.size());
        assertTrue(a.get(0) instanceof AntiEntropyAction.Refuse r && r.reason().contains("not a site of swarm 's'"), a.toString());
    }

    @Test
    void peerOfAnotherSwarmIsRefused() {
        AntiEntropy ae = new AntiEntropy(new SwarmGate(DEF), 1000);
        SwarmDefinition other = new SwarmDefinition("s2", DEF.sites(), List.of(), List.of());
        var m = HeadsCodec.decode(HeadsCodec.encode(other.id(), HeadsView.empty()));
        var a = ae.received(B.peerId(), m, c -> false, 0);
        assertTrue(a.get(0) instanceof AntiEntropyAction.Refuse r && r.reason().contains("announced swarm id " + other.id()), a.toString());
    }

    @Test
    void unknownHeadsAreReportedLatestFirstOncePerInterval() {
        AntiEntropy ae = new AntiEntropy(new SwarmGate(DEF), 1000);
        HeadsView v = new HeadsView(List.of(new Head(M1, 1, 10), new Head(M2, 2, 20)), Set.of(M1), List.of());
        var a = ae.received(B.peerId(), message(v), c -> false, 0);
        assertEquals(List.of(new AntiEntropyAction.Missing(B.peerId(), new Head(M2, 2, 20)),
                new AntiEntropyAction.Missing(B.peerId(), new Head(M1, 1, 10))), a);
        assertTrue(ae.received(B.peerId(), message(v), c -> false, 500).isEmpty());
        assertEquals(2, ae.received(B.peerId(), message(v), c -> false, 1000).size());
        assertTrue(ae.received(B.peerId(), message(v), c -> true, 5000).isEmpty());
        assertEquals(Set.of(M1), ae.peerView(B.peerId()).orElseThrow().view().complete());
    }

    @Test
    void validReceiptsAreLearnedAndForgedOnesDropped() {
        AntiEntropy ae = new AntiEntropy(new SwarmGate(DEF), 1000);
        ReplicationReceipt good = ReplicationReceipt.sign(B, DEF.id(), M1, 1, 100);
        ReplicationReceipt forged = new ReplicationReceipt(DEF.id(), A.peerId(), M1, 1, 100,
                B.sign(ReplicationReceipt.signingBytes(DEF.id(), A.peerId(), M1, 1, 100)));
        ReplicationReceipt stranger = ReplicationReceipt.sign(TestPeers.identity(3), DEF.id(), M1, 1, 100);
        var a = ae.received(B.peerId(), message(new HeadsView(List.of(), Set.of(), List.of(good, forged, stranger))), c -> true, 0);
        assertEquals(List.of(new AntiEntropyAction.NewReceipt(good)), a);
        assertEquals(2, ae.rejectedReceipts());
        assertEquals(List.of(good), ae.receiptsFor(M1));
        assertTrue(ae.received(A.peerId(), message(new HeadsView(List.of(), Set.of(), List.of(good))), c -> true, 1).isEmpty());
    }

    @Test
    void oversizedHeadsMessageIsRejected() {
        var b = io.phoenix.protocol.swarm.pb.Heads.newBuilder().setVersion(1)
                .setSwarmId(com.google.protobuf.ByteString.copyFrom(DEF.id().toBytes()));
        for (int i = 0; i < HeadsCodec.MAX_HEADS + 1; i++) b.addHeads(new Head(Cid.ofRaw(new byte[] {(byte) i}), i, i).toProto());
        var e = assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(b.build().toByteArray()));
        assertTrue(e.getMessage().contains("65 heads exceed"), e.getMessage());
        assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(new byte[] {0x08, 0x07}));
        assertThrows(ProtocolViolationException.class, () -> HeadsCodec.decode(new byte[] {(byte) 0xFF, 0x01}));
    }

    @Test
    void encodeKeepsTheLatestHeadsWithinTheLimit() {
        List<Head> heads = new ArrayList<>();
        for (int i = 0; i < 100; i++) heads.add(new Head(Cid.ofRaw(new byte[] {(byte) i}), i, i));
        var m = HeadsCodec.decode(HeadsCodec.encode(DEF.id(), new HeadsView(heads, Set.of(), List.of())));
        assertEquals(64, m.view().heads().size());
        assertEquals(99, m.view().heads().get(0).sequence());
        assertEquals(36, m.view().heads().get(63).sequence());
    }

    @Test
    void receiptsKeptAreBounded() {
        AntiEntropy ae = new AntiEntropy(new SwarmGate(DEF), 1000);
        for (int i = 0; i < AntiEntropy.MAX_RECEIPTS_KEPT + 100; i++) {
            Cid m = Cid.ofRaw(new byte[] {(byte) i, (byte) (i >> 8), 9});
            ae.addReceipt(ReplicationReceipt.sign(A, DEF.id(), m, i, i));
        }
        assertEquals(AntiEntropy.MAX_RECEIPTS_KEPT, ae.receipts().size());
        assertTrue(ae.receipts().stream().noneMatch(r -> r.sequence() < 100), "the oldest learnt were dropped");
    }
}
