package io.phoenix.node.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.swarm.InvalidSwarmDefinitionException;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import io.phoenix.protocol.testing.TestPeers;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmFileTest {
    static SwarmDefinition sample() {
        MlDsa65KeyPair ml = MlDsa65KeyPair.fromSeed(new byte[32]);
        var a = TestPeers.peer(1);
        var b = TestPeers.peer(2);
        return SwarmDefinition.empty("home-swarm")
                .withSite(new Site("nas", a, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), SiteRole.FULL), Writer.withKey(a, ml.publicKey()), true)
                .withSite(new Site("cloud", b, List.of(Multiaddr.parse("/dns/cloud.example/tcp/4001")), SiteRole.STORAGE), null, false);
    }

    @Test
    void roundTripKeepsTheSwarmId() {
        SwarmDefinition d = sample();
        String text = SwarmFile.format(d);
        SwarmDefinition back = SwarmFile.parse(text, "swarm.toml");
        assertEquals(d.id(), back.id());
        assertEquals(d, back);
    }

    @Test
    void commentsAndOrderDoNotChangeTheId() {
        SwarmDefinition d = sample();
        String text = "# edited by hand\n" + SwarmFile.format(d).replace("format = 1\n", "") + "\nformat = 1\n";
        assertEquals(d.id(), SwarmFile.parse(text, "swarm.toml").id());
    }

    @Test
    void badPeerIdIsReportedWithTheSite() {
        String text = SwarmFile.format(sample()).replaceFirst("peer = \"12D3KooW[^\"]*\"", "peer = \"not-a-peer\"");
        var e = assertThrows(InvalidSwarmDefinitionException.class, () -> SwarmFile.parse(text, "swarm.toml"));
        assertTrue(e.getMessage().contains("site #1"), e.getMessage());
    }

    @Test
    void invalidTomlIsRejected() {
        assertThrows(InvalidSwarmDefinitionException.class, () -> SwarmFile.parse("name = [unclosed", "swarm.toml"));
    }

    @Test
    void wrongFormatIsRejected() {
        String text = SwarmFile.format(sample()).replace("format = 1", "format = 2");
        assertThrows(InvalidSwarmDefinitionException.class, () -> SwarmFile.parse(text, "swarm.toml"));
    }

}
