package io.phoenix.node.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Multibase;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import io.phoenix.protocol.testing.TestPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmFileTest {
    static final PeerId A = TestPeers.peer(1);
    static final PeerId B = TestPeers.peer(2);
    static final byte[] KEY = new byte[Writer.ML_DSA_65_PUBLIC_KEY_BYTES];

    static SwarmDefinition sample() {
        return new SwarmDefinition("family", List.of(
                new Site("nas", A, List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001")), SiteRole.FULL),
                new Site("cloud", B, List.of(Multiaddr.parse("/dns4/vm.example.org/tcp/4001")), SiteRole.STORAGE)),
                List.of(Writer.withKey(A, KEY)), List.of(A));
    }

    @Test
    void writeThenReadGivesTheSameDefinition(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("swarm.toml");
        SwarmFile.write(f, sample());
        SwarmDefinition back = SwarmFile.read(f);
        assertEquals(sample().id(), back.id());
        assertEquals(sample().sites().size(), back.sites().size());
        assertEquals(sample().site("cloud"), back.site("cloud"));
        assertTrue(Files.readString(f).contains("# swarm id " + sample().id()));
    }

    @Test
    void swarmIdDoesNotDependOnHowTheFileIsWritten() throws Exception {
        String fp = Multibase.encodeBase32(Writer.fingerprintOf(KEY).toBytes());
        String handWritten = """
                # written by hand, in another order, with comments and other addresses
                name = 'family'
                format = 1

                [[writers]]
                mldsa65-fingerprint = "%s"
                peer-id = "%s"

                [[sites]]
                role = "storage"
                peer-id = "%s"
                name = "cloud"

                [[sites]]
                addresses = [ "/ip6/::1/tcp/4001" ]
                name = "nas"   # the NAS
                role = "full"
                peer-id = "%s"
                """.formatted(fp, A, B, A) + "readers = []\n";
        // readers after a table would belong to the table: put it first instead
        handWritten = "readers = [\"" + A + "\"]\n" + handWritten.replace("readers = []\n", "");
        assertEquals(sample().id(), SwarmFile.parse("hand.toml", handWritten).id());
        assertEquals(sample().id(), SwarmFile.parse("gen.toml", SwarmFile.format(sample())).id());
        assertNull(SwarmFile.parse("hand.toml", handWritten).writers().get(0).mlDsaPublicKey());
    }

    @Test
    void unknownKeyIsRejectedWithItsPosition() {
        var e = assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", "format = 1\nname = \"x\"\n\n[[sites]]\nname = \"a\"\nperr-id = \"x\"\n"));
        assertTrue(e.getMessage().startsWith("s.toml:6:1: unknown key 'sites.perr-id'"), e.getMessage());
    }

    @Test
    void badValuesAreRejectedPrecisely() {
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", "name = \"x\"\n"))
                .getMessage().contains("missing key 'format'"));
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", "format = 2\nname = \"x\"\n"))
                .getMessage().contains("s.toml:1:1: 'format': unsupported swarm file format 2"));
        String badRole = "format = 1\nname = \"x\"\n[[sites]]\nname = \"a\"\npeer-id = \"" + A + "\"\nrole = \"boss\"\n";
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", badRole))
                .getMessage().contains("s.toml:6:1: 'sites.role': unknown site role 'boss'"));
        String badPeer = "format = 1\nname = \"x\"\n[[sites]]\nname = \"a\"\npeer-id = \"12D3nope\"\nrole = \"full\"\n";
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", badPeer))
                .getMessage().startsWith("s.toml:5:1: 'sites.peer-id': invalid peer id"));
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", "format = 1\nname = \"x\"\nname = \"y\"\n"))
                .getMessage().contains("invalid TOML"));
        String dup = "format = 1\nname = \"x\"\n[[sites]]\nname = \"a\"\npeer-id = \"" + A + "\"\nrole = \"full\"\n"
                + "[[sites]]\nname = \"a\"\npeer-id = \"" + B + "\"\nrole = \"full\"\n";
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", dup))
                .getMessage().contains("site 'a': site name appears more than once"));
        String keyless = "format = 1\nname = \"x\"\n[[writers]]\npeer-id = \"" + A + "\"\n";
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", keyless))
                .getMessage().contains("needs 'mldsa65-public-key' or 'mldsa65-fingerprint'"));
        String shortKey = "format = 1\nname = \"x\"\nreaders = [\"" + A + "\"]\n[[sites]]\nname = \"a\"\npeer-id = \"" + A
                + "\"\nrole = \"full\"\n[[writers]]\npeer-id = \"" + A + "\"\nmldsa65-public-key = \"" + Base64.getEncoder().encodeToString(new byte[5]) + "\"\n";
        assertTrue(assertThrows(SwarmFileException.class, () -> SwarmFile.parse("s.toml", shortKey))
                .getMessage().contains("ML-DSA-65 public key is 5 bytes"));
    }

    @Test
    void missingFileSaysHowToCreateOne(@TempDir Path dir) {
        var e = assertThrows(SwarmFileException.class, () -> SwarmFile.read(dir.resolve("nope.toml")));
        assertTrue(e.getMessage().contains("phoenix swarm new"), e.getMessage());
    }
}
