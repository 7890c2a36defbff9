package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.bridge.ipfs.JsIpfsNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPFS bridge end to end through the CLI against a real js-ipfs node (storage-bridges' fixture):
 * snapshot a generated tree, {@code bridge push ipfs}, then a home with only the keys (no store, no
 * history) restores with {@code --from ipfs}, byte-identical.
 */
class IpfsBridgeCliIT {
    @TempDir
    Path dir;

    @Test
    void pushThenRestoreFromIpfsAloneIsByteIdentical() throws Exception {
        JsIpfsNode ipfs = JsIpfsNode.shared();
        BridgeFixture f = new BridgeFixture(dir, 2, "[bridges.ipfs]\napi = \"" + ipfs.api() + "\"\n");

        long t0 = System.nanoTime();
        CliHarness.Result p = f.origin.run("bridge", "push", "ipfs", "latest", "--json");
        long pushNanos = System.nanoTime() - t0;
        assertEquals(0, p.code(), p.toString());
        assertEquals("complete", BridgeFixture.field(p.out(), "state"));
        long sent = Long.parseLong(BridgeFixture.field(p.out(), "bytesSent"));
        System.out.println("IPFS push: " + BridgeFixture.rate(sent, pushNanos) + ", " + BridgeFixture.field(p.out(), "blocks") + " blocks");

        CliHarness.Result again = f.origin.run("bridge", "push", "ipfs", f.id, "--json");
        assertEquals(0, again.code(), again.toString());
        assertEquals("0", BridgeFixture.field(again.out(), "blocksSent"), "a second push sends nothing");
        CliHarness.Result st = f.origin.run("bridge", "status", "--json");
        assertTrue(st.out().contains("\"bridge\":\"ipfs\",\"id\":\"" + f.id + "\",\"state\":\"complete\""), st.out());

        CliHarness fresh = f.keysOnlyCopy("fresh");
        Path out = dir.resolve("out");
        long t1 = System.nanoTime();
        CliHarness.Result r = fresh.run("restore", f.id, "--to", out.toString(), "--from", "ipfs");
        long restoreNanos = System.nanoTime() - t1;
        assertEquals(0, r.code(), r.toString());
        f.assertRestoredIdentically(out);
        System.out.println("IPFS restore (pull + restore): " + BridgeFixture.rate(sent, restoreNanos) + " of encrypted blocks; " + r.err().trim());
        assertTrue(fresh.run("snapshots", "--json").out().contains(f.id));
    }

    @Test
    void ourCarImportsIntoIpfsWithTheSameRoot() throws Exception {
        JsIpfsNode ipfs = JsIpfsNode.shared();
        BridgeFixture f = new BridgeFixture(dir, 1, "");
        Path car = dir.resolve("snap.car");
        CliHarness.Result e = f.origin.run("export", f.id, "--car", car.toString(), "-q");
        assertEquals(0, e.code(), e.toString());
        String boundary = "phoenix-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"snap.car\"\r\n"
                + "Content-Type: application/vnd.ipld.car\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest req = HttpRequest.newBuilder(ipfs.api().resolve("/api/v0/dag/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(car), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofSeconds(60)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            // the node reports the CAR's root, pinned (so the whole DAG was in the file), under our manifest CID
            assertTrue(r.body().contains("\"Root\"") && r.body().contains(f.id), r.body());
            assertTrue(r.body().contains("\"PinErrorMsg\":\"\""), r.body());
            System.out.println("IPFS dag/import of our CAR: " + r.body().trim());
        }
    }

    @Test
    void UnknownSnapshotOnIpfsIsNotFound() throws Exception {
        JsIpfsNode ipfs = JsIpfsNode.shared();
        CliHarness home = new CliHarness(dir.resolve("home")).init();
        BridgeFixture.appendConfig(home.home, "[bridges.ipfs]\napi = \"" + ipfs.api() + "\"\n");
        // a well-formed dag-cbor CID nobody stored
        String missing = "bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        CliHarness.Result r = home.run("restore", missing, "--to", dir.resolve("o").toString(), "--from", "ipfs");
        assertEquals(ExitCode.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("not_found"), r.err());
        assertEquals("[]", home.run("snapshots", "--json").out().trim());
    }
}
