package io.phoenix.node.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.crypto.IdentityKey;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import io.phoenix.protocol.testing.TestPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataKeyDecision.holdsDataKey}: who decrypts, from the swarm file and the key files in the home. */
class DataKeyDecisionTest {
    @TempDir
    Path home;

    static final IdentityKey W = TestPeers.identity(1);
    static final IdentityKey R = TestPeers.identity(2);
    static final IdentityKey S = TestPeers.identity(3);
    static final Site WRITER = new Site("w", W.peerId(), List.of(), SiteRole.FULL);
    static final Site READER = new Site("r", R.peerId(), List.of(), SiteRole.EDGE);
    static final Site STORAGE = new Site("s", S.peerId(), List.of(), SiteRole.STORAGE);
    static final SwarmDefinition DEF = SwarmDefinition.empty("k")
            .withSite(WRITER, Writer.withKey(W.peerId(), new byte[Writer.ML_DSA_65_PUBLIC_KEY_BYTES]), true)
            .withSite(READER, null, true)
            .withSite(STORAGE, null, false);

    private void keyFile(String name) throws Exception {
        Files.createDirectories(home.resolve("keys"));
        Files.write(home.resolve("keys").resolve(name), new byte[] {1});
    }

    @Test
    void writerDecryptsWithItsOwnSecret() {
        assertTrue(DataKeyDecision.holdsDataKey(home, WRITER, DEF));
    }

    @Test
    void readerDecryptsOnlyOnceItHoldsTheSwarmKey() throws Exception {
        assertFalse(DataKeyDecision.holdsDataKey(home, READER, DEF), "a reader's own home secret is not the swarm's");
        keyFile(NodeKeysFiles.SWARM_WRAP);
        assertTrue(DataKeyDecision.holdsDataKey(home, READER, DEF));
    }

    @Test
    void StorageSiteNeverDecryptsEvenWithAStrayKeyFile() throws Exception {
        assertFalse(DataKeyDecision.holdsDataKey(home, STORAGE, DEF));
        keyFile(NodeKeysFiles.SWARM_WRAP);
        keyFile(NodeKeysFiles.SWARM_SECRET);
        assertFalse(DataKeyDecision.holdsDataKey(home, STORAGE, DEF));
    }

    @Test
    void FullSiteNotListedAsReaderDoesNotDecrypt() throws Exception {
        Site unlisted = new Site("u", TestPeers.identity(4).peerId(), List.of(), SiteRole.FULL);
        SwarmDefinition def = DEF.withSite(unlisted, null, false);
        keyFile(NodeKeysFiles.SWARM_WRAP);
        assertFalse(DataKeyDecision.holdsDataKey(home, unlisted, def));
    }
}
