package io.phoenix.node.daemon;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.reqresp.RequestResponse;
import io.phoenix.protocol.store.BlockStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code /phoenix/meta/1.0.0}: fetches one manifest or index page (a dag-cbor block, at most
 * 1 MiB) by CID from a peer, before the snapshot's block index is known to the block exchange.
 * Request: the binary CID. Response: {@code 0x01 ‖ block} or {@code 0x00} (not held). Only
 * dag-cbor CIDs are served; the requester checks the bytes against the CID.
 */
public final class MetaBlocks {
    public static final String PROTOCOL = "/phoenix/meta/1.0.0";
    static final int MAX_BLOCK = 1 << 20;

    private final Host host;
    private final BlockStore store;

    public MetaBlocks(Host host, BlockStore store) {
        this.host = host;
        this.store = store;
    }

    public void start() {
        host.setHandler(PROTOCOL, RequestResponse.server(128, this::serve));
    }

    private byte[] serve(byte[] request) {
        try {
            Cid cid = Cid.fromBytes(request);
            if (cid.codec() != Cid.DAG_CBOR || !store.has(cid)) return new byte[] {0};
            byte[] data = store.get(cid);
            byte[] out = new byte[data.length + 1];
            out[0] = 1;
            System.arraycopy(data, 0, out, 1, data.length);
            return out;
        } catch (IOException | RuntimeException e) {
            return new byte[] {0};
        }
    }

    /** The block from {@code peer}, verified against {@code cid}; empty when the peer does not hold it or fails. */
    public Optional<byte[]> fetch(PeerId peer, Cid cid, Duration timeout) {
        try {
            byte[] r = RequestResponse.call(host, peer, PROTOCOL, cid.toBytes(), MAX_BLOCK + 1, timeout).get();
            if (r.length < 2 || r[0] != 1) return Optional.empty();
            byte[] data = Arrays.copyOfRange(r, 1, r.length);
            return cid.verifies(data) ? Optional.of(data) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
