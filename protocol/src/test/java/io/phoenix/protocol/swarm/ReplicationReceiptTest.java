package io.phoenix.protocol.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.testing.TestPeers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationReceiptTest {
    static final IdentityKey SITE = TestPeers.identity(1);
    static final IdentityKey OTHER = TestPeers.identity(2);
    static final SwarmDefinition DEF = new SwarmDefinition("s",
            List.of(new Site("a", SITE.peerId(), List.of(), SiteRole.STORAGE)), List.of(), List.of());
    static final Cid MANIFEST = Cid.of(Cid.DAG_CBOR, "manifest".getBytes(StandardCharsets.UTF_8));

    @Test
    void signedReceiptVerifiesAndRoundTrips() {
        ReplicationReceipt r = ReplicationReceipt.sign(SITE, DEF.id(), MANIFEST, 7, 1_764_000_000_000L);
        r.verify(DEF, DEF.id());
        ReplicationReceipt back = ReplicationReceipt.decode(r.encode());
        assertEquals(r, back);
        back.verify(DEF, DEF.id());
        assertEquals(64, r.signature().length);
    }

    @Test
    void signingBytesFollowTheDocumentedLayout() {
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes("phoenix-receipt".getBytes(StandardCharsets.US_ASCII));
        want.write(0);
        want.write(1);
        byte[] swarm = DEF.id().toBytes();
        want.write(swarm.length);
        want.writeBytes(swarm);
        byte[] site = SITE.peerId().toBytes();
        want.write(site.length);
        want.writeBytes(site);
        byte[] m = MANIFEST.toBytes();
        want.write(m.length);
        want.writeBytes(m);
        want.write(7);
        want.writeBytes(new byte[] {(byte) 0xAC, 0x02}); // 300
        assertArrayEquals(want.toByteArray(), ReplicationReceipt.signingBytes(DEF.id(), SITE.peerId(), MANIFEST, 7, 300));
    }

    @Test
    void forgedReceiptIsRejected() {
        ReplicationReceipt real = ReplicationReceipt.sign(SITE, DEF.id(), MANIFEST, 7, 1000);
        // claims to be from SITE but signed by another key
        ReplicationReceipt forged = new ReplicationReceipt(DEF.id(), SITE.peerId(), MANIFEST, 7, 1000,
                OTHER.sign(ReplicationReceipt.signingBytes(DEF.id(), SITE.peerId(), MANIFEST, 7, 1000)));
        var e = assertThrows(InvalidReceiptException.class, () -> forged.verify(DEF, DEF.id()));
        assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
        // a valid signature moved onto another manifest
        ReplicationReceipt moved = new ReplicationReceipt(DEF.id(), SITE.peerId(), Cid.ofRaw(new byte[] {1}), 7, 1000, real.signature());
        assertThrows(InvalidReceiptException.class, () -> moved.verify(DEF, DEF.id()));
        ReplicationReceipt later = new ReplicationReceipt(DEF.id(), SITE.peerId(), MANIFEST, 7, 2000, real.signature());
        assertThrows(InvalidReceiptException.class, () -> later.verify(DEF, DEF.id()));
    }

    @Test
    void receiptFromOutsideTheSwarmIsRejected() {
        ReplicationReceipt r = ReplicationReceipt.sign(OTHER, DEF.id(), MANIFEST, 1, 1);
        var e = assertThrows(InvalidReceiptException.class, () -> r.verify(DEF, DEF.id()));
        assertTrue(e.getMessage().contains("not a site of the swarm"), e.getMessage());
        ReplicationReceipt otherSwarm = ReplicationReceipt.sign(SITE, SwarmDefinition.empty("x").id(), MANIFEST, 1, 1);
        assertThrows(InvalidReceiptException.class, () -> otherSwarm.verify(DEF, DEF.id()));
    }

    @Test
    void malformedReceiptBytesGiveAFormatError() {
        assertThrows(FormatException.class, () -> ReplicationReceipt.decode(new byte[] {0x08, 0x02}));
        assertThrows(FormatException.class, () -> ReplicationReceipt.decode(new byte[] {(byte) 0xFF}));
    }

    @Test
    void headAnnouncementRoundTripsAndNamesTheTopic() {
        HeadAnnouncement a = new HeadAnnouncement(DEF.id(), new Head(MANIFEST, 3, 1234));
        assertEquals(a, HeadAnnouncement.decode(a.encode()));
        assertEquals("/phoenix/" + DEF.id() + "/manifests", HeadAnnouncement.topic(DEF.id()));
        assertThrows(FormatException.class, () -> HeadAnnouncement.decode(new byte[2000]));
        assertThrows(FormatException.class, () -> HeadAnnouncement.decode(new byte[] {0x08, 0x01}));
    }

    @Test
    void latestHeadIsHighestSequenceThenTimeThenCid() {
        Head a = new Head(Cid.ofRaw(new byte[] {1}), 5, 100);
        Head b = new Head(Cid.ofRaw(new byte[] {2}), 5, 200);
        Head c = new Head(Cid.ofRaw(new byte[] {3}), 4, 900);
        assertEquals(List.of(b, a, c), java.util.stream.Stream.of(c, a, b).sorted(Head.LATEST_FIRST).toList());
    }
}
