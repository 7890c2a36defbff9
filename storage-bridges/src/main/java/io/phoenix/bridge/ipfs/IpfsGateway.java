package io.phoenix.bridge.ipfs;

import io.phoenix.bridge.BlockSource;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.BridgeHttp;
import io.phoenix.protocol.multiformats.Cid;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads blocks from an HTTP gateway ({@code GET /ipfs/<cid>} asking for the raw block:
 * {@code ?format=raw} and {@code Accept: application/vnd.ipld.raw}, the trustless-gateway form),
 * verifying every block against its CID: a gateway is not trusted.
 */
public final class IpfsGateway implements BlockSource, AutoCloseable {
    private final URI base;
    private final Duration timeout;
    private final BridgeHttp http;

    public IpfsGateway(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = new BridgeHttp("IPFS gateway", Duration.ofSeconds(10));
    }

    @Override
    public byte[] get(Cid cid) throws BridgeException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/ipfs/" + cid + "?format=raw"))
                .header("Accept", "application/vnd.ipld.raw")
                .timeout(timeout)
                .GET()
                .build();
        HttpResponse<byte[]> r = http.send(req);
        if (r.statusCode() != 200) throw http.failed(req, r);
        if (!cid.verifies(r.body())) {
            throw new BridgeException(BridgeFailure.CORRUPT, "gateway " + base + " returned " + r.body().length
                    + " bytes that do not hash to " + cid, cid, null);
        }
        return r.body();
    }

    @Override
    public void close() {
        http.close();
    }
}
