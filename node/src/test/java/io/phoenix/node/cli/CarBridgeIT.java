package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.car.CarSection;
import io.phoenix.bridge.car.CarReader;
import io.phoenix.bridge.car.CarWriter;
import io.phoenix.protocol.manifest.SignedManifest;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tape / air-gapped copies end to end through the CLI: export, bridge push car, then a home with
 * only the keys restores from the CAR alone, byte-identical. Bad blocks, forged manifests and
 * foreign manifests are refused with the history unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CarBridgeIT {
    Path dir;
    BridgeFixture f;
    Path car;

    @BeforeAll
    void snapshotAndExport(@TempDir Path tmp) throws Exception {
        dir = tmp;
        f = new BridgeFixture(dir, 4, "[bridges.car]\npath = \"tape\"\n");
        car = dir.resolve("snap.car");
        long t0 = System.nanoTime();
        CliHarness.Result e = f.origin.run("export", "latest", "--car", car.toString(), "--json");
        long t = System.nanoTime() - t0;
        assertEquals(0, e.code(), e.toString());
        assertEquals(f.id, BridgeFixture.field(e.out(), "id"));
        System.out.println("CAR export: " + BridgeFixture.rate(Files.size(car), t));
    }

    @Test
    void exportRestoresByteIdenticalIntoAHomeWithOnlyTheKeys() throws Exception {
        CliHarness fresh = f.keysOnlyCopy("fresh");
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        CliHarness.Result r = fresh.run("restore", "latest", "--to", out.toString(), "--from", "car:" + car, "--json");
        long t = System.nanoTime() - t0;
        assertEquals(0, r.code(), r.toString());
        f.assertRestoredIdentically(out);
        System.out.println("CAR restore (import + restore): " + BridgeFixture.rate(f.sourceBytes, t) + " of source data");
        CliHarness.Result list = fresh.run("snapshots", "--json");
        assertTrue(list.out().contains(f.id), list.toString());
        CliHarness.Result again = fresh.run("import", "--car", car.toString(), "--json");
        assertEquals(0, again.code(), again.toString());
        assertEquals("0", BridgeFixture.field(again.out(), "blocksStored"), "a second import stores nothing new");
    }

    @Test
    void bridgePushCarThenStatusThenImport() throws Exception {
        CliHarness.Result before = f.origin.run("bridge", "status", "--json");
        assertEquals(0, before.code(), before.toString());
        assertTrue(before.out().contains("\"state\":\"absent\""), before.out());
        CliHarness.Result p = f.origin.run("bridge", "push", "car", "latest", "--json");
        assertEquals(0, p.code(), p.toString());
        assertEquals("complete", BridgeFixture.field(p.out(), "state"));
        CliHarness.Result st = f.origin.run("bridge", "status", "--json");
        assertTrue(st.out().contains("\"state\":\"complete\""), st.out());
        String total = BridgeFixture.field(st.out(), "blocksTotal");
        assertEquals(total, BridgeFixture.field(st.out(), "blocksPresent"));
        Path pushed = f.origin.home.resolve("tape").resolve(f.id + ".car");
        CliHarness fresh = f.keysOnlyCopy("fresh-push");
        CliHarness.Result i = fresh.run("import", "--car", pushed.toString(), "--json");
        assertEquals(0, i.code(), i.toString());
        Path out = dir.resolve("out-push");
        assertEquals(0, fresh.run("restore", f.id, "--to", out.toString(), "-q").code());
        f.assertRestoredIdentically(out);
    }

    @Test
    void CarWithABadBlockIsRefused() throws Exception {
        Path bad = dir.resolve("bad.car");
        byte[] bytes = Files.readAllBytes(car);
        bytes[bytes.length - 1] ^= 0x01; // inside the last block's data
        Files.write(bad, bytes);
        CliHarness fresh = f.keysOnlyCopy("fresh-bad");
        CliHarness.Result r = fresh.run("import", "--car", bad.toString());
        assertEquals(ExitCode.DAMAGE, r.code(), r.toString());
        assertTrue(r.err().contains("do not hash to"), r.err());
        assertEquals("[]", fresh.run("snapshots", "--json").out().trim(), "history unchanged");
    }

    @Test
    void ForgedManifestIsRefused() throws Exception {
        Path forged = dir.resolve("forged.car");
        rewriteRoot(car, forged, m -> {
            byte[] sig = m.ed25519Signature();
            sig[5] ^= 0x40;
            return new SignedManifest(m.manifest(), sig, m.mlDsa65Signature());
        });
        CliHarness fresh = f.keysOnlyCopy("fresh-forged");
        CliHarness.Result r = fresh.run("import", "--car", forged.toString());
        assertEquals(ExitCode.DAMAGE, r.code(), r.toString());
        assertTrue(r.err().contains("Ed25519 signature invalid"), r.err());
        assertEquals("[]", fresh.run("snapshots", "--json").out().trim(), "history unchanged");
        assertFalse(Files.exists(fresh.home.resolve("snapshots/heads")) && Files.list(fresh.home.resolve("snapshots/heads")).findAny().isPresent());
    }

    @Test
    void ManifestOfAnotherSiteIsRefused() throws Exception {
        CliHarness other = new CliHarness(dir.resolve("other")).init();
        CliHarness.Result r = other.run("import", "--car", car.toString());
        assertEquals(ExitCode.DAMAGE, r.code(), r.toString());
        assertTrue(r.err().contains("not by this home's key"), r.err());
        assertEquals("[]", other.run("snapshots", "--json").out().trim());
    }

    @Test
    void LatestFromIpfsNeedsAnExplicitCid() throws Exception {
        CliHarness.Result r = f.origin.run("restore", "latest", "--to", dir.resolve("x").toString(), "--from", "ipfs");
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("needs the full manifest CID"), r.err());
        CliHarness.Result nb = f.origin.run("bridge", "push", "ipfs", "latest");
        assertEquals(ExitCode.USAGE, nb.code(), nb.toString());
        assertTrue(nb.err().contains("[bridges.ipfs]"), nb.err());
    }

    /** Copies a CAR, replacing its root manifest by {@code change(manifest)} (a new CID, signatures not renewed). */
    static void rewriteRoot(Path from, Path to, java.util.function.UnaryOperator<SignedManifest> change) throws Exception {
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            CarReader r = CarReader.open(in);
            CarSection first = r.next();
            SignedManifest m = change.apply(SignedManifest.decode(first.cid(), first.data()));
            CarWriter w = CarWriter.start(out, m.cid());
            w.write(m.cid(), m.encode());
            for (CarSection s = r.next(); s != null; s = r.next()) w.write(s.cid(), s.data());
        }
    }
}
