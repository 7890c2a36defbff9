package io.phoenix.protocol.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Multihash;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.testing.TestPeers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmDefinitionTest {
    static final PeerId A = TestPeers.peer(1);
    static final PeerId B = TestPeers.peer(2);
    static final PeerId C = TestPeers.peer(3);
    static final byte[] KEY_A = new byte[Writer.ML_DSA_65_PUBLIC_KEY_BYTES];

    static Site site(String name, PeerId p, SiteRole role, String... addrs) {
        return new Site(name, p, java.util.Arrays.stream(addrs).map(Multiaddr::parse).toList(), role);
    }

    static SwarmDefinition sample() {
        return new SwarmDefinition("family",
                List.of(site("nas", A, SiteRole.FULL, "/ip4/10.0.0.1/tcp/4001"),
                        site("cloud", B, SiteRole.STORAGE, "/dns4/vm.example/tcp/4001"),
                        site("cabin", C, SiteRole.EDGE)),
                List.of(Writer.withKey(A, KEY_A)), List.of(A, C));
    }

    @Test
    void swarmIdIgnoresOrderingAndAddresses() {
        SwarmDefinition a = sample();
        SwarmDefinition b = new SwarmDefinition("family",
                List.of(site("cabin", C, SiteRole.EDGE, "/ip4/192.168.7.7/tcp/1"),
                        site("cloud", B, SiteRole.STORAGE),
                        site("nas", A, SiteRole.FULL, "/ip4/10.9.9.9/tcp/4001", "/ip6/::1/tcp/4001")),
                List.of(Writer.withFingerprint(A, Writer.fingerprintOf(KEY_A))), List.of(C, A));
        assertEquals(a.id(), b.id());
        assertTrue(a.id().toString().startsWith("bciq"));
    }

    @Test
    void swarmIdChangesWithMembershipRolesAndAuthority() {
        SwarmDefinition base = sample();
        assertNotEquals(base.id(), new SwarmDefinition("family2", base.sites(), base.writers(), base.readers()).id());
        assertNotEquals(base.id(), new SwarmDefinition("family", base.sites().subList(0, 2), base.writers(), List.of(A)).id());
        assertNotEquals(base.id(), new SwarmDefinition("family", base.sites(), base.writers(), List.of(A)).id());
        List<Site> roleChanged = List.of(base.sites().get(0), base.sites().get(1), site("cabin", C, SiteRole.FULL));
        assertNotEquals(base.id(), new SwarmDefinition("family", roleChanged, base.writers(), base.readers()).id());
        byte[] otherKey = KEY_A.clone();
        otherKey[0] = 1;
        assertNotEquals(base.id(), new SwarmDefinition("family", base.sites(), List.of(Writer.withKey(A, otherKey)), base.readers()).id());
    }

    @Test
    void canonicalFormGoldenBytes() {
        SwarmDefinition def = new SwarmDefinition("x", List.of(site("n", A, SiteRole.BRIDGE)), List.of(), List.of());
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes("phoenix-swarm".getBytes(StandardCharsets.US_ASCII));
        want.write(0);
        want.write(1); // version
        want.write(1);
        want.write('x');
        want.write(1); // one site
        byte[] pid = A.toBytes();
        assertEquals(38, pid.length); // identity multihash 0x00 0x24 + 36-byte key protobuf
        want.write(38);
        want.writeBytes(pid);
        want.write(1);
        want.write('n');
        want.write(3); // bridge
        want.write(0); // no writers
        want.write(0); // no readers
        assertEquals(HexFormat.of().formatHex(want.toByteArray()), HexFormat.of().formatHex(SwarmCanonicalForm.encode(def)));
        assertEquals(SwarmId.ofCanonicalForm(want.toByteArray()), def.id());
        assertEquals(def.id(), SwarmId.parse(def.id().toString()));
    }

    @Test
    void invalidDefinitionListsEveryProblem() {
        var e = assertThrows(InvalidSwarmDefinitionException.class, () -> new SwarmDefinition("Bad Name",
                List.of(site("nas", A, SiteRole.FULL), site("nas", B, SiteRole.STORAGE), site("x", A, SiteRole.FULL,
                        "/ip4/1.2.3.4/tcp/1/p2p/" + B), site("y", C, SiteRole.BRIDGE, "/ip4/1.2.3.4")),
                List.of(Writer.withKey(B, new byte[10])), List.of(B, C, C)));
        List<String> p = e.problems();
        assertTrue(p.stream().anyMatch(s -> s.startsWith("swarm name 'Bad Name'")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.equals("site 'nas': site name appears more than once")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("site 'x': peer id " + A + " is already used")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("names another peer")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("'/ip4/1.2.3.4' is not a dialable")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("writer " + B + ": site 'nas' has role storage")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("ML-DSA-65 public key is 10 bytes")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.equals("reader " + C + ": listed more than once")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.contains("reader " + C + ": site 'y' has role bridge")), p::toString);
    }

    @Test
    void writerMustBeReaderAndFingerprintMustMatch() {
        var e = assertThrows(InvalidSwarmDefinitionException.class, () -> new SwarmDefinition("s",
                List.of(site("a", A, SiteRole.FULL)),
                List.of(new Writer(A, KEY_A, Multihash.sha256(new byte[] {1}))), List.of()));
        assertTrue(e.problems().contains("writer " + A + ": a writer must also be a reader (it needs the data key)"));
        assertTrue(e.problems().contains("writer " + A + ": ML-DSA-65 fingerprint does not match the public key"));
    }

    @Test
    void withSiteAddsReplacesAndImpliesReaderForWriters() {
        SwarmDefinition d = SwarmDefinition.empty("s")
                .withSite(site("a", A, SiteRole.FULL), Writer.withKey(A, KEY_A), false)
                .withSite(site("b", B, SiteRole.STORAGE), null, false);
        assertTrue(d.isReader(A));
        assertFalse(d.isReader(B));
        SwarmDefinition moved = d.withSite(site("b", B, SiteRole.STORAGE, "/ip4/1.1.1.1/tcp/9"), null, false);
        assertEquals(2, moved.sites().size());
        assertEquals(d.id(), moved.id());
        SwarmDefinition renamedPeer = d.withSite(site("a", C, SiteRole.FULL), null, true);
        assertEquals(2, renamedPeer.sites().size());
        assertTrue(renamedPeer.writers().isEmpty());
        assertEquals(List.of(C), renamedPeer.readers());
    }

    @Test
    void gateRefusesStrangersAndOtherSwarms() {
        SwarmDefinition def = sample();
        SwarmGate gate = new SwarmGate(def);
        assertTrue(gate.check(B, def.id()).accepted());
        assertEquals("cloud", gate.check(B, def.id()).site().name());
        GateDecision stranger = gate.check(TestPeers.peer(99), def.id());
        assertFalse(stranger.accepted());
        assertTrue(stranger.reason().contains("not a site of swarm 'family'"), stranger.reason());
        SwarmId other = SwarmDefinition.empty("other").id();
        GateDecision wrongSwarm = gate.check(B, other);
        assertFalse(wrongSwarm.accepted());
        assertTrue(wrongSwarm.reason().contains("announced swarm id " + other + " but ours is " + def.id()), wrongSwarm.reason());
        assertFalse(gate.check(B, null).accepted());
    }
}
