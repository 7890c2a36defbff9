package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.daemon.NodeKeysFiles;
import io.phoenix.node.home.Home;
import io.phoenix.node.home.KeyRing;
import io.phoenix.node.swarm.SwarmFile;
import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.swarm.Site;
import io.phoenix.protocol.swarm.SiteRole;
import io.phoenix.protocol.swarm.SwarmDefinition;
import io.phoenix.protocol.swarm.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phoenix swarm wrap-key} / {@code install-key}: how a reader gets the swarm key, and who is refused. */
class SwarmKeyCommandsTest {
    @TempDir
    Path dir;

    CliHarness writer;
    CliHarness reader;
    CliHarness other;
    CliHarness storage;
    Path swarm;

    @BeforeEach
    void swarmOfFourSites() throws Exception {
        writer = new CliHarness(dir.resolve("writer")).init();
        reader = new CliHarness(dir.resolve("reader")).init();
        other = new CliHarness(dir.resolve("other")).init();
        storage = new CliHarness(dir.resolve("storage")).init();
        SwarmDefinition def = SwarmDefinition.empty("keys");
        KeyRing w = ring(writer);
        def = def.withSite(site("writer", w, SiteRole.FULL), Writer.withKey(w.peerId(), w.writer().publicKey()), true);
        def = def.withSite(site("reader", ring(reader), SiteRole.FULL), null, true);
        def = def.withSite(site("other", ring(other), SiteRole.EDGE), null, true);
        def = def.withSite(site("storage", ring(storage), SiteRole.STORAGE), null, false);
        swarm = dir.resolve("swarm.toml");
        SwarmFile.write(swarm, def);
    }

    private static KeyRing ring(CliHarness h) throws Exception {
        return Home.unlockKeys(h.home, CliHarness.PASSPHRASE.toCharArray());
    }

    private static Site site(String name, KeyRing r, SiteRole role) {
        return new Site(name, r.peerId(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")), role);
    }

    private CliHarness.Result wrap(String site, CliHarness target, Path out) {
        return writer.run("swarm", "wrap-key", "--site", site, "--from-home", target.home.toString(), "--out", out.toString(),
                "--file", swarm.toString());
    }

    @Test
    void readerInstallsTheWrapAndHoldsTheWritersSecret() throws Exception {
        Path out = dir.resolve("reader.wrap");
        CliHarness.Result w = wrap("reader", reader, out);
        assertEquals(0, w.code(), w.toString());
        assertEquals(KeyWrap.WRAPPED_LENGTH, Files.size(out));
        CliHarness.Result i = reader.run("swarm", "install-key", out.toString(), "--file", swarm.toString());
        assertEquals(0, i.code(), i.toString());
        assertTrue(NodeKeysFiles.hasSwarmKey(reader.home));
        char[] pass = CliHarness.PASSPHRASE.toCharArray();
        KeyRing withSwarm = NodeKeysFiles.withSwarmSecret(reader.home, ring(reader), pass);
        assertArrayEquals(ring(writer).repositorySecret(), withSwarm.repositorySecret());
        assertFalse(java.util.Arrays.equals(ring(reader).repositorySecret(), withSwarm.repositorySecret()));
        // a reader that holds the key may pass it on to another reader
        Path toOther = dir.resolve("other.wrap");
        CliHarness.Result again = reader.run("swarm", "wrap-key", "--site", "other", "--reader-key",
                other.home.resolve("keys/reader.pub").toString(), "--out", toOther.toString(), "--file", swarm.toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals(0, other.run("swarm", "install-key", toOther.toString(), "--file", swarm.toString()).code());
        assertArrayEquals(ring(writer).repositorySecret(), NodeKeysFiles.withSwarmSecret(other.home, ring(other), pass).repositorySecret());
    }

    @Test
    void ReaderWithTheInstalledKeyRestoresTheWritersSnapshotWithTheCli() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("memory.txt"), "what the writer remembers");
        Files.copy(swarm, writer.home.resolve("swarm.toml")); // the writer's manifests name the swarm, as its daemon's do
        assertEquals(0, writer.run("snapshot", "--layer", "mind=" + src, "-q").code());
        Path car = dir.resolve("latest.car");
        assertEquals(0, writer.run("export", "latest", "--car", car.toString()).code());
        Files.copy(swarm, reader.home.resolve("swarm.toml")); // the reader's node knows the swarm (and so its writer)
        CliHarness.Result imported = reader.run("import", "--car", car.toString());
        assertEquals(0, imported.code(), imported.toString());
        // without the swarm key the reader's own secret opens nothing
        CliHarness.Result without = reader.run("restore", "latest", "--to", dir.resolve("without").toString());
        assertEquals(ExitCode.DAMAGE, without.code(), without.toString());
        Path out = dir.resolve("reader.wrap");
        assertEquals(0, wrap("reader", reader, out).code());
        assertEquals(0, reader.run("swarm", "install-key", out.toString(), "--file", swarm.toString()).code());
        CliHarness.Result restored = reader.run("restore", "latest", "--to", dir.resolve("restored").toString());
        assertEquals(0, restored.code(), restored.toString());
        assertEquals("what the writer remembers", Files.readString(dir.resolve("restored/mind/memory.txt")));
    }

    @Test
    void WrapForStorageSiteIsRefused() {
        Path out = dir.resolve("storage.wrap");
        CliHarness.Result r = wrap("storage", storage, out);
        assertEquals(ExitCode.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("has role storage, which never holds the data key"), r.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void StorageSiteCannotInstallAKey() {
        Path out = dir.resolve("reader.wrap");
        assertEquals(0, wrap("reader", reader, out).code());
        CliHarness.Result r = storage.run("swarm", "install-key", out.toString(), "--file", swarm.toString());
        assertEquals(ExitCode.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("never holds the data key"), r.toString());
        assertFalse(NodeKeysFiles.hasSwarmKey(storage.home));
    }

    @Test
    void WrapForAnotherReaderIsRefused() {
        Path out = dir.resolve("reader.wrap");
        assertEquals(0, wrap("reader", reader, out).code());
        CliHarness.Result r = other.run("swarm", "install-key", out.toString(), "--file", swarm.toString());
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().contains("wrapped for another reader key"), r.toString());
        assertFalse(NodeKeysFiles.hasSwarmKey(other.home));
    }

    @Test
    void DamagedWrapIsRefused() throws Exception {
        Path out = dir.resolve("reader.wrap");
        assertEquals(0, wrap("reader", reader, out).code());
        byte[] b = Files.readAllBytes(out);
        b[b.length - 5] ^= 0x40;
        Files.write(out, b);
        CliHarness.Result r = reader.run("swarm", "install-key", out.toString(), "--file", swarm.toString());
        assertEquals(ExitCode.KEY, r.code(), r.toString());
        assertTrue(r.err().contains("damaged"), r.toString());
        assertFalse(NodeKeysFiles.hasSwarmKey(reader.home));
    }

    @Test
    void ReaderWithoutTheKeyCannotWrapIt() {
        CliHarness.Result r = reader.run("swarm", "wrap-key", "--site", "other", "--from-home", other.home.toString(),
                "--out", dir.resolve("x.wrap").toString(), "--file", swarm.toString());
        assertEquals(ExitCode.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("neither a writer"), r.toString());
    }

    @Test
    void UnknownSiteIsRefused() {
        CliHarness.Result r = wrap("nobody", reader, dir.resolve("x.wrap"));
        assertEquals(ExitCode.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("no site 'nobody'"), r.toString());
    }
}
