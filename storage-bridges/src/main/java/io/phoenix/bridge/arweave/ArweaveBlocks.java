package io.phoenix.bridge.arweave;

import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reads blocks out of pack transactions: knows where each block of the {@link #LOADED} most
 * recently used snapshot indexes lies (each an {@link ArweaveIndexFile} on disk; older ones are
 * closed, their files deleted, and loaded again when needed), downloads a pack once (a few recent
 * packs are kept, so a restore in snapshot order downloads each pack once even with parallel
 * fetches) and verifies every block by CID. The heap holds at most {@code cachedPacks} packs and a
 * few objects per loaded index, whatever the number of blocks or snapshots.
 */
final class ArweaveBlocks {
    /** Snapshot indexes kept loaded. */
    static final int LOADED = 4;

    private final ArweaveClient client;
    private final Map<Cid, ArweaveIndexFile> loaded = new LinkedHashMap<>(16, 0.75f, true);
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

    /** Makes {@code index} the most recently used one; the least recently used beyond {@link #LOADED} is closed. */
    void add(ArweaveIndexFile index) {
        List<ArweaveIndexFile> evicted = new ArrayList<>();
        synchronized (loaded) {
            ArweaveIndexFile old = loaded.put(index.root(), index);
            if (old != null && old != index) evicted.add(old);
            while (loaded.size() > LOADED) {
                Map.Entry<Cid, ArweaveIndexFile> eldest = loaded.entrySet().iterator().next();
                evicted.add(eldest.getValue());
                loaded.remove(eldest.getKey());
            }
        }
        for (ArweaveIndexFile e : evicted) close(e);
    }

    /** The loaded index of {@code root}, if it is loaded. */
    Optional<ArweaveIndexFile> index(Cid root) {
        synchronized (loaded) {
            return Optional.ofNullable(loaded.get(root));
        }
    }

    byte[] get(Cid cid) throws BridgeException {
        List<ArweaveIndexFile> indexes;
        synchronized (loaded) {
            indexes = new ArrayList<>(loaded.values());
        }
        ArweaveIndexFile.Location loc = null;
        for (int i = indexes.size() - 1; i >= 0 && loc == null; i--) {
            try {
                loc = indexes.get(i).locate(cid);
            } catch (IOException e) {
                throw new BridgeException(BridgeFailure.LOCAL, "cannot read the local copy of Arweave index " + indexes.get(i).txId()
                        + ": " + e.getMessage(), cid, e);
            }
        }
        if (loc == null) {
            throw new BridgeException(BridgeFailure.NOT_FOUND, "block " + cid + " is in no snapshot index loaded from Arweave"
                    + " (walk the snapshot first)", cid, null);
        }
        byte[] pack = pack(loc.txId());
        if (pack.length != loc.packSize()) {
            forget(loc.txId());
            throw new BridgeException(BridgeFailure.CORRUPT, "pack " + loc.txId() + " has " + pack.length + " bytes, its index says "
                    + loc.packSize(), cid, null);
        }
        byte[] block = Arrays.copyOfRange(pack, (int) loc.offset(), (int) loc.offset() + loc.length());
        if (!cid.verifies(block)) {
            forget(loc.txId());
            throw new BridgeException(BridgeFailure.CORRUPT, "block " + cid + " read from Arweave transaction " + loc.txId()
                    + " does not hash to its CID", cid, null);
        }
        return block;
    }

    /**
     * A transaction's data, downloaded into {@code file} (never held whole) and checked against the
     * {@code data_root} and {@code data_size} of its signed header.
     */
    ArweaveData verifiedData(String txId, Path file) throws BridgeException {
        Map<String, Object> header = client.header(txId).orElseThrow(() -> new BridgeException(BridgeFailure.UNREACHABLE,
                "Arweave transaction " + txId + " is still pending; its data can be checked once it is mined"));
        client.dataTo(txId, file);
        ArweaveData data;
        try {
            data = ArweaveData.of(file);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot read the downloaded data of " + txId + ": " + e.getMessage(), e);
        }
        String size = String.valueOf(header.get("data_size"));
        String root = String.valueOf(header.get("data_root"));
        if (!size.equals(Long.toString(data.size()))
                || (data.size() > 0 && !Arrays.equals(ArweaveMerkle.of(data).dataRoot(), Base64Url.decode(root)))) {
            throw new BridgeException(BridgeFailure.CORRUPT, "data of Arweave transaction " + txId + " (" + data.size()
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

    /** Closes every loaded index (their files are deleted). */
    void close() {
        List<ArweaveIndexFile> all;
        synchronized (loaded) {
            all = new ArrayList<>(loaded.values());
            loaded.clear();
        }
        for (ArweaveIndexFile e : all) close(e);
    }

    private static void close(ArweaveIndexFile index) {
        try {
            index.close();
        } catch (IOException ignored) {
            // its scratch directory is swept by the next process
        }
    }
}
