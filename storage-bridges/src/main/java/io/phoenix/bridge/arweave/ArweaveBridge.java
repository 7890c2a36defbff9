package io.phoenix.bridge.arweave;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.Parallel;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Sleeper;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotLayout;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Snapshots on Arweave. A push packs the blocks into transactions ({@link ArweavePacker}), asks
 * the network which packs an earlier push already stored (GraphQL on our tags and wallet), quotes
 * the price of the rest plus the index and refuses to go over the budget or the wallet's balance,
 * uploads the missing packs (chunked when large), then the index transaction
 * ({@link ArweavePackIndex}) that makes the snapshot findable by its manifest CID, and polls until
 * every transaction has the configured confirmations. Restore needs only the gateway: the index is
 * found by tags and checked against its {@code data_root}; every block is verified by CID.
 */
public final class ArweaveBridge implements Bridge {
    static final String TYPE = "Phoenix-Type";
    static final String SNAPSHOT = "Phoenix-Snapshot";
    static final String PACK = "Phoenix-Pack";
    static final String BLOCK_COUNT = "Phoenix-Block-Count";

    private final ArweaveConfig config;
    private final ArweaveWallet wallet;
    private final SnapshotLayout layout;
    private final ArweaveClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ArweaveBlocks blocks;
    private final Map<Cid, ArweavePackIndex> indexes = new ConcurrentHashMap<>();
    /** The id of each known snapshot's index transaction (what finds the snapshot again on Arweave). */
    private final Map<Cid, String> indexTransactions = new ConcurrentHashMap<>();

    public ArweaveBridge(ArweaveConfig config, ArweaveWallet wallet, SnapshotLayout layout, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.wallet = wallet;
        this.layout = layout;
        this.client = new ArweaveClient(config);
        this.clock = clock;
        this.sleeper = sleeper;
        this.blocks = new ArweaveBlocks(client, 8);
    }

    public ArweaveBridge(ArweaveConfig config, ArweaveWallet wallet, SnapshotLayout layout) {
        this(config, wallet, layout, Clock.systemUTC(), Sleeper.REAL);
    }

    @Override
    public String name() {
        return "arweave";
    }

    public ArweaveClient client() {
        return client;
    }

    @Override
    public PushReport push(Snapshot snapshot) throws BridgeException {
        long start = System.nanoTime();
        Cid root = snapshot.root();
        List<ArweavePackIndex.Entry> entries = new ArrayList<>();
        for (Cid cid : snapshot.blocks()) entries.add(new ArweavePackIndex.Entry(cid, (int) localSize(snapshot, cid)));
        List<List<ArweavePackIndex.Entry>> plan = ArweavePacker.pack(entries, config.packSize());
        long total = entries.size();

        Map<String, String> storedPacks = new ConcurrentHashMap<>();
        String indexTx = null;
        for (ArweaveClient.Found f : client.find(snapshotTags(root), wallet.address())) {
            if ("index".equals(f.tags().get(TYPE))) indexTx = f.id();
            else if ("pack".equals(f.tags().get(TYPE)) && f.tags().containsKey(PACK)) storedPacks.put(f.tags().get(PACK), f.id());
        }
        if (indexTx != null) {
            return new PushReport(name(), root, total, 0, total, 0, Duration.ofNanos(System.nanoTime() - start), state(root));
        }
        List<List<ArweavePackIndex.Entry>> missing = plan.stream().filter(p -> !storedPacks.containsKey(ArweavePacker.packId(p))).toList();

        BigInteger quote = client.price(ArweavePackIndex.encodedSize(root, plan));
        for (List<ArweavePackIndex.Entry> p : missing) quote = quote.add(client.price(ArweavePacker.size(p)));
        if (quote.compareTo(config.budgetWinston()) > 0) {
            throw new BridgeException(BridgeFailure.BUDGET_EXCEEDED, "storing snapshot " + root + " on Arweave costs " + quote
                    + " winston, over the budget of " + config.budgetWinston() + "; nothing was uploaded", root, null);
        }
        BigInteger balance = client.balance(wallet.address());
        if (balance.compareTo(quote) < 0) {
            throw new BridgeException(BridgeFailure.QUOTA_EXCEEDED, "wallet " + wallet.address() + " holds " + balance
                    + " winston, storing snapshot " + root + " needs " + quote + "; nothing was uploaded", root, null);
        }

        List<String> posted = new ArrayList<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Parallel.forEach(missing, config.parallelism(), pack -> {
            byte[] data = new byte[(int) ArweavePacker.size(pack)];
            int at = 0;
            for (ArweavePackIndex.Entry e : pack) {
                byte[] b = snapshot.read(e.cid());
                if (b.length != e.length()) throw new BridgeException(BridgeFailure.LOCAL, "block " + e.cid() + " changed size while pushing", e.cid(), null);
                System.arraycopy(b, 0, data, at, b.length);
                at += b.length;
            }
            List<ArweaveTag> tags = new ArrayList<>(commonTags(root, "pack"));
            tags.add(new ArweaveTag(PACK, ArweavePacker.packId(pack)));
            tags.add(new ArweaveTag(BLOCK_COUNT, Integer.toString(pack.size())));
            ArweaveTransaction tx = upload(ArweavePacker.blockTags(tags, pack), data);
            storedPacks.put(ArweavePacker.packId(pack), tx.id());
            synchronized (posted) {
                posted.add(tx.id());
            }
            sent.addAndGet(pack.size());
            bytes.addAndGet(data.length);
        });

        List<ArweavePackIndex.Pack> packs = new ArrayList<>();
        for (List<ArweavePackIndex.Entry> p : plan) packs.add(new ArweavePackIndex.Pack(storedPacks.get(ArweavePacker.packId(p)), p));
        ArweavePackIndex index = new ArweavePackIndex(root, packs);
        List<ArweaveTag> tags = new ArrayList<>(commonTags(root, "index"));
        tags.add(new ArweaveTag("Phoenix-Index-Version", Integer.toString(ArweavePackIndex.VERSION)));
        tags.add(new ArweaveTag(BLOCK_COUNT, Long.toString(total)));
        String indexId = upload(tags, index.encode()).id();
        posted.add(indexId);
        remember(index, indexId);

        boolean confirmed = awaitConfirmations(posted);
        SnapshotState state = confirmed ? state(root)
                : new SnapshotState(root, SnapshotState.Status.PENDING, total, total, "uploaded, awaiting " + config.confirmations() + " confirmations");
        return new PushReport(name(), root, total, sent.get(), total - sent.get(), bytes.get(), Duration.ofNanos(System.nanoTime() - start), state);
    }

    /** Signs and posts one transaction; a fresh anchor each time (an anchor is valid for 50 blocks only). */
    private ArweaveTransaction upload(List<ArweaveTag> tags, byte[] data) throws BridgeException {
        ArweaveTransaction tx = ArweaveTransaction.sign(wallet, client.anchor(), client.price(data.length), tags, data);
        boolean inline = data.length <= config.inlineLimit();
        client.post(tx, inline);
        if (!inline) for (int i = 0; i < tx.tree().chunks().size(); i++) client.postChunk(tx, i);
        return tx;
    }

    private boolean awaitConfirmations(List<String> ids) throws BridgeException {
        Instant deadline = clock.instant().plus(config.confirmTimeout());
        for (String id : ids) {
            while (true) {
                OptionalInt c = confirmations(id);
                if (c.isPresent() && c.getAsInt() >= config.confirmations()) break;
                if (!clock.instant().isBefore(deadline)) return false;
                try {
                    sleeper.sleep(config.pollInterval());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted waiting for confirmation of " + id, e);
                }
            }
        }
        return true;
    }

    private OptionalInt confirmations(String id) throws BridgeException {
        try {
            return client.confirmations(id);
        } catch (BridgeException e) {
            if (e.failure() == BridgeFailure.NOT_FOUND) return OptionalInt.empty(); // not yet seen by this gateway
            throw e;
        }
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        Optional<ArweavePackIndex> index;
        try {
            index = index(root);
        } catch (BridgeException e) {
            if (e.failure() != BridgeFailure.UNREACHABLE || !e.getMessage().contains("pending")) throw e;
            return new SnapshotState(root, SnapshotState.Status.PENDING, -1, -1, e.getMessage());
        }
        if (index.isEmpty()) {
            long present = 0;
            int packs = 0;
            for (ArweaveClient.Found f : client.find(snapshotTags(root), wallet.address())) {
                if (!"pack".equals(f.tags().get(TYPE))) continue;
                packs++;
                try {
                    present += Long.parseLong(f.tags().getOrDefault(BLOCK_COUNT, "0"));
                } catch (NumberFormatException e) {
                    throw new BridgeException(BridgeFailure.PROTOCOL, "bad " + BLOCK_COUNT + " tag on " + f.id(), e);
                }
            }
            return packs == 0 ? new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, "no transactions")
                    : new SnapshotState(root, SnapshotState.Status.PARTIAL, present, -1, packs + " pack transactions, no index");
        }
        ArweavePackIndex idx = index.get();
        long total = idx.packs().stream().mapToLong(p -> p.blocks().size()).sum();
        int unconfirmed = 0;
        for (ArweavePackIndex.Pack p : idx.packs()) {
            OptionalInt c = confirmations(p.txId());
            if (c.isEmpty() || c.getAsInt() < config.confirmations()) unconfirmed++;
        }
        return unconfirmed == 0
                ? new SnapshotState(root, SnapshotState.Status.COMPLETE, total, total, "index transaction "
                        + indexTransactions.getOrDefault(root, "?") + ", " + idx.packs().size() + " packs confirmed")
                : new SnapshotState(root, SnapshotState.Status.PENDING, total, total, unconfirmed + " packs awaiting confirmation");
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        try {
            return blocks.get(cid);
        } catch (BridgeException e) {
            if (e.failure() != BridgeFailure.NOT_FOUND) throw e;
            // not in a loaded index: a pack tagged with this block names its snapshot, whose index says where it lies
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("App-Name", config.appName());
            tags.put("Phoenix-Swarm", config.swarm());
            tags.put("Phoenix-Block", cid.toString());
            for (ArweaveClient.Found f : client.find(tags, wallet.address())) {
                String snapshot = f.tags().get(SNAPSHOT);
                if (snapshot == null) continue;
                try {
                    if (index(Cid.parse(snapshot)).isPresent()) return blocks.get(cid);
                } catch (FormatException bad) {
                    throw new BridgeException(BridgeFailure.PROTOCOL, "transaction " + f.id() + " has a bad " + SNAPSHOT + " tag", cid, bad);
                }
            }
            throw e;
        }
    }

    @Override
    public List<Cid> blocksOf(Cid root) throws BridgeException {
        if (index(root).isEmpty()) throw new BridgeException(BridgeFailure.NOT_FOUND, "no index transaction for snapshot " + root + " on Arweave", root, null);
        try {
            return layout.blocksOf(root, this::fetch);
        } catch (BridgeException e) {
            throw e;
        } catch (IOException | FormatException e) {
            throw new BridgeException(BridgeFailure.CORRUPT, "cannot read snapshot " + root + " from Arweave: " + e.getMessage(), root, e);
        }
    }

    /** The snapshot's index, from memory or found by tags and verified against its {@code data_root}. */
    private Optional<ArweavePackIndex> index(Cid root) throws BridgeException {
        ArweavePackIndex known = indexes.get(root);
        if (known != null) return Optional.of(known);
        Map<String, String> tags = snapshotTags(root);
        tags.put(TYPE, "index");
        for (ArweaveClient.Found f : client.find(tags, wallet.address())) {
            byte[] data = blocks.verifiedData(f.id());
            ArweavePackIndex idx;
            try {
                idx = ArweavePackIndex.decode(data);
            } catch (FormatException e) {
                throw new BridgeException(BridgeFailure.CORRUPT, "index transaction " + f.id() + ": " + e.getMessage(), root, e);
            }
            if (!idx.root().equals(root)) throw new BridgeException(BridgeFailure.CORRUPT, "index transaction " + f.id() + " is for " + idx.root(), root, null);
            remember(idx, f.id());
            return Optional.of(idx);
        }
        return Optional.empty();
    }

    private void remember(ArweavePackIndex idx, String txId) {
        indexes.put(idx.root(), idx);
        indexTransactions.put(idx.root(), txId);
        blocks.add(idx);
    }

    private Map<String, String> snapshotTags(Cid root) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("App-Name", config.appName());
        m.put("Phoenix-Swarm", config.swarm());
        m.put(SNAPSHOT, root.toString());
        return m;
    }

    private List<ArweaveTag> commonTags(Cid root, String type) {
        List<ArweaveTag> tags = new ArrayList<>();
        for (Map.Entry<String, String> e : snapshotTags(root).entrySet()) tags.add(new ArweaveTag(e.getKey(), e.getValue()));
        tags.add(new ArweaveTag(TYPE, type));
        tags.add(new ArweaveTag("Content-Type", "application/octet-stream"));
        return tags;
    }

    private static long localSize(Snapshot snapshot, Cid cid) throws BridgeException {
        long size;
        try {
            size = snapshot.store().size(cid);
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot stat block " + cid + ": " + e.getMessage(), cid, e);
        }
        if (size < 0) throw new BridgeException(BridgeFailure.LOCAL, "block " + cid + " of snapshot " + snapshot.root() + " is not in the local store", cid, null);
        return size;
    }

    @Override
    public void close() {
        client.close();
    }
}
