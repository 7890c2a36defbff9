package io.phoenix.node.home;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.store.InUseException;
import io.phoenix.node.store.pack.PackBlockStore;
import io.phoenix.protocol.crypto.KeyWrap;
import io.phoenix.protocol.crypto.MlDsa65KeyPair;
import io.phoenix.protocol.crypto.ReaderKeyPair;
import io.phoenix.protocol.crypto.RepositorySecret;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeTest {
    /** Cheap Argon2id so the tests stay fast; the format records the cost, so open() needs nothing else. */
    static final PassphraseSeal FAST = new PassphraseSeal(1024, 1, 1);
    static final char[] PASS = "correct horse".toCharArray();

    @TempDir
    Path dir;

    static InitOptions options(String dataset) {
        return new InitOptions(Config.defaults(dataset), PASS, new SecureRandom(), FAST);
    }

    @Test
    void initCreatesTheLayoutAndUnlocks() throws Exception {
        Path h = dir.resolve("home");
        byte[] secret;
        try (Home home = Home.init(h, options("ai").withConfig(Config.defaults("ai").withLayers(Map.of("mind", List.of(Path.of("/m"))))))) {
            for (String sub : List.of("keys", "snapshots", "logs", "store")) assertTrue(Files.isDirectory(h.resolve(sub)), sub);
            assertEquals(List.of(Path.of("/m")), Config.read(h.resolve("config.toml")).layers().get("mind"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.resolve("keys/secrets"))));
            KeyRing ring = home.unlock(PASS);
            assertEquals(home.publicKeys().peerId(), ring.peerId());
            assertTrue(ring.peerId().toString().startsWith("12D3KooW"), ring.peerId().toString());
            byte[] msg = "manifest".getBytes(StandardCharsets.UTF_8);
            assertTrue(MlDsa65KeyPair.verify(home.publicKeys().writerPublicKey(), msg, ring.writer().sign(msg)));
            assertEquals(ring.peerId(), ring.signer().author().peerId());
            assertEquals(home.publicKeys().readerPublicKey(), ring.reader().publicKey());
            assertArrayEquals(ring.repositorySecret(),
                    KeyWrap.unwrap(Files.readAllBytes(h.resolve("keys/repository.wrap")), ring.reader()).bytes());
            secret = ring.repositorySecret();
        }
        try (Home home = Home.open(h)) {
            KeyRing again = home.unlock(PASS);
            assertArrayEquals(secret, again.repositorySecret());
            assertEquals(again.dataKeys(), io.phoenix.protocol.block.DataKeys.derive(secret));
            assertEquals("ai", home.config().dataset());
            assertEquals(h.resolve("store"), home.storeDirectory());
        }
    }

    @Test
    void WrongPassphraseIsRejected() throws Exception {
        try (Home home = Home.init(dir.resolve("h"), options("ai"))) {
            WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> home.unlock("correct horsE".toCharArray()));
            assertTrue(e.getMessage().startsWith("wrong passphrase"), e.getMessage());
            home.unlock(PASS); // nothing was damaged
        }
    }

    @Test
    void DamagedSecretsFileIsReported() throws Exception {
        try (Home home = Home.init(dir.resolve("h"), options("ai"))) {
            Files.write(home.keysDirectory().resolve("secrets"), new byte[] {1, 2, 3});
            HomeException e = assertThrows(HomeException.class, () -> home.unlock(PASS));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void WrapForAnotherReaderIsRejected() throws Exception {
        try (Home home = Home.init(dir.resolve("h"), options("ai"))) {
            ReaderKeyPair stranger = ReaderKeyPair.generate(new SecureRandom());
            Files.write(home.keysDirectory().resolve("repository.wrap"),
                    KeyWrap.wrap(RepositorySecret.generate(new SecureRandom()), stranger.publicKey(), new SecureRandom()));
            HomeException e = assertThrows(HomeException.class, () -> home.unlock(PASS));
            assertTrue(e.getMessage().contains("is not wrapped for this node's reader key"), e.getMessage());
        }
    }

    @Test
    void SwappedPublicKeyFileIsDetected() throws Exception {
        Path other = dir.resolve("other");
        Home.init(other, options("ai")).close();
        try (Home home = Home.init(dir.resolve("h"), options("ai"))) {
            Files.copy(other.resolve("keys/writer.pub"), home.keysDirectory().resolve("writer.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            HomeException e = assertThrows(HomeException.class, () -> home.unlock(PASS));
            assertTrue(e.getMessage().contains("do not belong to the sealed secrets"), e.getMessage());
        }
    }

    @Test
    void SecondProcessIsToldTheHomeIsInUse() throws Exception {
        Path h = dir.resolve("h");
        Home.init(h, options("ai")).close();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HomeHolderProcess.class.getName(), h.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("ready", line);
            InUseException e = assertThrows(InUseException.class, () -> Home.open(h));
            assertEquals("home " + h + " is in use by pid " + child.pid(), e.getMessage());
            assertEquals(child.pid(), e.pid());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        Home.open(h).close(); // the OS dropped the dead process's lock
    }

    @Test
    void secondOpenInTheSameProcessIsRefused() throws Exception {
        Path h = dir.resolve("h");
        try (Home home = Home.init(h, options("ai"))) {
            InUseException e = assertThrows(InUseException.class, () -> Home.open(h));
            assertTrue(e.getMessage().contains("(this process)"), e.getMessage());
        }
    }

    @Test
    void initRefusesAnExistingHomeOrANonEmptyDirectory() throws Exception {
        Path h = dir.resolve("h");
        Home.init(h, options("ai")).close();
        HomeException e = assertThrows(HomeException.class, () -> Home.init(h, options("ai")));
        assertTrue(e.getMessage().contains("already initialised"), e.getMessage());
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "x");
        e = assertThrows(HomeException.class, () -> Home.init(other, options("ai")));
        assertTrue(e.getMessage().contains("not empty (found notes.txt)"), e.getMessage());
    }

    @Test
    void FailedInitLeavesNothingHalfMade() throws Exception {
        Path h = dir.resolve("h");
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        InitOptions bad = options("ai").withConfig(Config.defaults("ai").withStorePath(notADirectory.resolve("store")));
        assertThrows(java.io.IOException.class, () -> Home.init(h, bad));
        try (var left = Files.list(h)) {
            assertEquals(List.of("home.lock"), left.map(p -> p.getFileName().toString()).toList());
        }
        Home.init(h, options("ai")).close();
    }

    @Test
    void openWithoutInitSaysWhatToDo() {
        HomeException e = assertThrows(HomeException.class, () -> Home.open(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("run 'phoenix init' first"), e.getMessage());
    }

    @Test
    void badConfigFailsOpenWithItsLine() throws Exception {
        Path h = dir.resolve("h");
        Home.init(h, options("ai")).close();
        Files.writeString(h.resolve("config.toml"), "format = 1\ndataset = \"ai\"\nbogus = true\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Home.open(h));
        assertEquals(h.resolve("config.toml") + ":3:1: unknown key 'bogus' (known: bandwidth, bridges, dataset, format, layers, network, schedule, store)", e.getMessage());
        Files.writeString(h.resolve("config.toml"), Config.defaults("ai").toToml());
        Home.open(h).close(); // the failed open released its lock
    }

    @Test
    void storeOpensInTheConfiguredPlace() throws Exception {
        Path h = dir.resolve("h");
        try (Home home = Home.init(h, options("ai"))) {
            home.saveConfig(home.config().withStorePath(dir.resolve("elsewhere")));
            try (BlockStore store = home.openStore()) {
                byte[] data = {1, 2, 3};
                store.put(Cid.ofRaw(data), data);
                assertEquals(dir.resolve("elsewhere"), ((PackBlockStore) store).directory());
            }
        }
        try (Home home = Home.open(h)) {
            assertEquals(dir.resolve("elsewhere"), home.storeDirectory());
        }
    }

    @Test
    void StoreOfTheRetiredOneFilePerBlockLayoutIsRefused() throws Exception {
        Path h = dir.resolve("h");
        try (Home home = Home.init(h, options("ai"))) {
            Files.writeString(home.storeDirectory().resolve("VERSION"), "phoenix-blockstore 2\n");
            java.io.IOException e = assertThrows(java.io.IOException.class, home::openStore);
            assertTrue(e.getMessage().startsWith("the block store in " + home.storeDirectory() + " has the one-file-per-block layout"), e.getMessage());
        }
    }

    @Test
    void homeIsLocatedByOptionThenEnvironmentThenUserHome() {
        assertEquals(Path.of("/a"), Home.locate(Path.of("/a"), Map.of("PHOENIX_HOME", "/b")));
        assertEquals(Path.of("/b"), Home.locate(null, Map.of("PHOENIX_HOME", "/b")));
        assertEquals(Path.of(System.getProperty("user.home"), ".phoenix"), Home.locate(null, Map.of()));
    }
}
