package io.phoenix.bridge.arweave;

import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.protocol.multiformats.Cid;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Reads blocks out of pack transactions: knows where each block of every loaded index lies,
 * downloads a pack once (a few recent packs are kept, so a restore in snapshot order downloads
 * each pack once even with parallel fetches) and verifies every block by CID.
 */
final class ArweaveBlocks {
    private record Location(String txId, int offset, int length, long packSize) {}

    private final ArweaveClient client;
    private final Map<Cid, Location> locations = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<byte[]>> packs;

    ArweaveBlocks(ArweaveClient client, int cachedPacks) {
        this.client = client;
        this.packs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<byte[]>> eldest) {
                return size() > cachedPacks;
            }
        };
    }

    void add(ArweavePackIndex index) {
        for (ArweavePackIndex.Pack p : index.packs()) {
            int at = 0;
            long size = p.size();
            for (ArweavePackIndex.Entry e : p.blocks()) {
                locations.putIfAbsent(e.cid(), new Location(p.txId(), at, e.length(), size));
                at += e.length();
            }
        }
    }

    byte[] get(Cid cid) throws BridgeException {
        Location loc = locations.get(cid);
        if (loc == null) {
            throw new BridgeException(BridgeFailure.NOT_FOUND, "block " + cid + " is in no snapshot index loaded from Arweave"
                    + " (list the snapshot with blocksOf first)", cid, null);
        }
        byte[] pack = pack(loc.txId());
        if (pack.length != loc.packSize()) {
            forget(loc.txId());
            throw new BridgeException(BridgeFailure.CORRUPT, "pack " + loc.txId() + " has " + pack.length + " bytes, its index says "
                    + loc.packSize(), cid, null);
        }
        byte[] block = Arrays.copyOfRange(pack, loc.offset(), loc.offset() + loc.length());
        if (!cid.verifies(block)) {
            forget(loc.txId());
            throw new BridgeException(BridgeFailure.CORRUPT, "block " + cid + " read from Arweave transaction " + loc.txId()
                    + " does not hash to its CID", cid, null);
        }
        return block;
    }

    /** A transaction's data, checked against the {@code data_root} and {@code data_size} of its signed header. */
    byte[] verifiedData(String txId) throws BridgeException {
        Map<String, Object> header = client.header(txId);
        byte[] data = client.data(txId);
        String size = String.valueOf(header.get("data_size"));
        String root = String.valueOf(header.get("data_root"));
        if (!size.equals(Integer.toString(data.length))
                || (data.length > 0 && !Arrays.equals(ArweaveMerkle.of(data).dataRoot(), Base64Url.decode(root)))) {
            throw new BridgeException(BridgeFailure.CORRUPT, "data of Arweave transaction " + txId + " (" + data.length
                    + " bytes) does not match its data_root/data_size", null, null);
        }
        return data;
    }

    private byte[] pack(String txId) throws BridgeException {
        CompletableFuture<byte[]> f;
        boolean mine = false;
        synchronized (packs) {
            f = packs.get(txId);
            if (f == null) {
                f = new CompletableFuture<>();
                packs.put(txId, f);
                mine = true;
            }
        }
        if (mine) {
            try {
                f.complete(client.data(txId));
            } catch (BridgeException e) {
                forget(txId);
                f.completeExceptionally(e);
            }
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted downloading " + txId, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BridgeException b) throw b;
            throw new BridgeException(BridgeFailure.PROTOCOL, "downloading " + txId + ": " + e.getCause(), e.getCause());
        }
    }

    private void forget(String txId) {
        synchronized (packs) {
            packs.remove(txId);
        }
    }
}
