package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.arweave.Arlocal;
import io.phoenix.bridge.arweave.ArweaveWallet;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Arweave bridge end to end through the CLI against arlocal (storage-bridges' fixture, mining in
 * the background): snapshot, {@code bridge push arweave}, then a home with only the keys and the
 * wallet restores with {@code --from arweave}, byte-identical. A budget too small is refused before
 * anything is uploaded.
 */
class ArweaveBridgeCliIT {
    @TempDir
    Path dir;

    @Test
    void pushThenRestoreFromArweaveAloneIsByteIdentical() throws Exception {
        try (Arlocal arlocal = Arlocal.start()) {
            ArweaveWallet wallet = ArweaveWallet.generate(new SecureRandom());
            arlocal.mint(wallet.address(), new BigInteger("1000000000000000000"));
            arlocal.startMining();
            String section = "[bridges.arweave]\ngateway = \"" + arlocal.gateway() + "\"\nwallet = \"wallet.json\"\n"
                    + "pack-bytes = 1048576\ninline-bytes = 1048576\nconfirmations = 1\npoll-millis = 100\nconfirm-timeout-seconds = 60\n";
            BridgeFixture f = new BridgeFixture(dir, 1, section + "budget-winston = 1\n");
            wallet.save(f.origin.home.resolve("wallet.json"));

            CliHarness.Result cheap = f.origin.run("bridge", "push", "arweave", "latest", "--json");
            assertEquals(ExitCode.FAILURE, cheap.code(), cheap.toString());
            assertTrue(cheap.err().contains("budget_exceeded") && cheap.err().contains("retrying will not help"), cheap.err());
            Path config = f.origin.home.resolve("config.toml");
            Files.writeString(config, Files.readString(config).replace("budget-winston = 1\n", "budget-winston = \"1000000000000000000\"\n"));

            long t0 = System.nanoTime();
            CliHarness.Result p = f.origin.run("bridge", "push", "arweave", "latest", "--json");
            assertEquals(0, p.code(), p.toString());
            long pushNanos = System.nanoTime() - t0;
            assertEquals("complete", BridgeFixture.field(p.out(), "state"));

            CliHarness fresh = f.keysOnlyCopy("fresh");
            wallet.save(fresh.home.resolve("wallet.json"));
            Path out = dir.resolve("out");
            long t1 = System.nanoTime();
            CliHarness.Result r = fresh.run("restore", f.id, "--to", out.toString(), "--from", "arweave");
            long restoreNanos = System.nanoTime() - t1;
            assertEquals(0, r.code(), r.toString());
            f.assertRestoredIdentically(out);
            System.out.println("Arweave restore (pull + restore): " + BridgeFixture.rate(f.sourceBytes, restoreNanos) + " of source; " + r.err().trim());
            long sent = Long.parseLong(BridgeFixture.field(p.out(), "bytesSent"));
            System.out.println("Arweave push (incl. confirmation): " + BridgeFixture.rate(sent, pushNanos) + ", " + BridgeFixture.field(p.out(), "blocks") + " blocks");
            assertTrue(fresh.run("snapshots", "--json").out().contains(f.id));
        }
    }
}
