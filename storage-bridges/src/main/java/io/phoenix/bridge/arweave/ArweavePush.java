package io.phoenix.bridge.arweave;

import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.Parallel;
import io.phoenix.bridge.Sleeper;
import io.phoenix.bridge.Snapshot;
import io.phoenix.protocol.spill.RecordSorter;
import io.phoenix.protocol.spill.SortedRecords;
import io.phoenix.protocol.spill.WorkDir;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One push of a snapshot to Arweave, in four steps, none of which holds the snapshot in memory:
 * <ol>
 *   <li>list the packs an earlier push of this snapshot stored (GraphQL, paged), sorted by pack id
 *       into a file; an index transaction there means the snapshot is done;</li>
 *   <li>walk the snapshot, pack it ({@link ArweavePacker}) and write the index body to a file as
 *       the packs close (transaction ids left blank), quoting every pack not stored yet; refuse over
 *       the budget or the balance before anything is uploaded;</li>
 *   <li>read the body back pack by pack: a stored pack's transaction id is written in, a missing
 *       pack is read from the local store and uploaded ({@code parallelism} at a time) and its new id
 *       written in;</li>
 *   <li>upload the index from the file (chunked), then poll the confirmations of what was posted.</li>
 * </ol>
 * Everything goes to one scratch directory; on success the index file is handed to the blocks
 * reader (so a restore or status right after needs no download), otherwise deleted.
 */
final class ArweavePush {
    /** Block CIDs collected per pack for its {@code Phoenix-Block} tags (more never fit in 2048 bytes). */
    private static final int TAGGED_BLOCKS = 32;
    private static final int STORED = 64; // pack id (32) ‖ transaction id (32)

    private final ArweaveConfig config;
    private final ArweaveWallet wallet;
    private final ArweaveClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final WorkDir work;
    private final ArweaveBlocks blocks;

    ArweavePush(ArweaveConfig config, ArweaveWallet wallet, ArweaveClient client, Clock clock, Sleeper sleeper, WorkDir work, ArweaveBlocks blocks) {
        this.config = config;
        this.wallet = wallet;
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.work = work;
        this.blocks = blocks;
    }

    /** A pack to upload: where its transaction id goes in the index body, its size, id and entries. */
    record PackJob(long bodyOffset, long blocks, long size, byte[] packId, byte[] entries) {}

    /** What a push did: blocks in the snapshot, sent now and their bytes; whether an earlier push had finished it; whether every transaction is confirmed. */
    record Outcome(long blocks, long sent, long bytes, boolean alreadyIndexed, boolean confirmed) {}

    /** Pushes the snapshot; its index is registered with the blocks reader once uploaded. */
    Outcome run(Snapshot snapshot) throws BridgeException {
        Cid root = snapshot.root();
        WorkDir.Scratch scratch = scratch();
        boolean handedOver = false;
        SortedRecords[] opened = {null};
        try {
            String[] indexTx = {null};
            SortedRecords stored = storedPacks(root, scratch, indexTx);
            opened[0] = stored;
            if (indexTx[0] != null) {
                long[] total = {0};
                snapshot.forEachBlock(cid -> total[0]++);
                return new Outcome(total[0], 0, 0, true, true);
            }

            // plan: walk the snapshot, pack it, write the index body with the transaction ids left blank, quote the missing packs
            Path body = scratch.newFile("index-body");
            BigInteger[] quote = {BigInteger.ZERO};
            long[] plan = plan(snapshot, config.packSize(), body, pack -> {
                if (!stored.contains(Base64Url.decode(pack.packId()))) quote[0] = quote[0].add(client.price(pack.size()));
            });
            byte[] head = ArweaveIndex.head(root, plan[1]);
            ArweaveData index = ArweaveData.of(head, body);
            quote[0] = quote[0].add(client.price(index.size()));
            if (quote[0].compareTo(config.budgetWinston()) > 0) {
                throw new BridgeException(BridgeFailure.BUDGET_EXCEEDED, "storing snapshot " + root + " on Arweave costs " + quote[0]
                        + " winston, over the budget of " + config.budgetWinston() + "; nothing was uploaded", root, null);
            }
            BigInteger balance = client.balance(wallet.address());
            if (balance.compareTo(quote[0]) < 0) {
                throw new BridgeException(BridgeFailure.QUOTA_EXCEEDED, "wallet " + wallet.address() + " holds " + balance
                        + " winston, storing snapshot " + root + " needs " + quote[0] + "; nothing was uploaded", root, null);
            }

            // upload the missing packs; every pack's transaction id goes into the index body
            Path posted = scratch.newFile("posted");
            AtomicLong sent = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            try (FileChannel bodyFile = FileChannel.open(body, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 OutputStream postedOut = new BufferedOutputStream(Files.newOutputStream(posted))) {
                Parallel.<PackJob>forEach(sink -> readPacks(index, head.length, job -> {
                    long at = stored.find(job.packId());
                    if (at < 0) {
                        sink.accept(job);
                        return;
                    }
                    byte[] record = new byte[STORED];
                    stored.read(at, record);
                    writeTxid(bodyFile, job.bodyOffset(), Arrays.copyOfRange(record, 32, STORED));
                }), config.parallelism(), job -> {
                    byte[] txid = uploadPack(snapshot, job);
                    writeTxid(bodyFile, job.bodyOffset(), txid);
                    synchronized (postedOut) {
                        try {
                            postedOut.write(txid);
                        } catch (IOException e) {
                            throw spillFailure(e);
                        }
                    }
                    sent.addAndGet(job.blocks());
                    bytes.addAndGet(job.size());
                });
            }

            List<ArweaveTag> tags = new ArrayList<>(ArweaveTags.common(config, root, "index"));
            tags.add(new ArweaveTag("Phoenix-Index-Version", Integer.toString(ArweaveIndex.VERSION)));
            tags.add(new ArweaveTag(ArweaveTags.BLOCK_COUNT, Long.toString(plan[0])));
            String indexId = upload(tags, index).id();
            stored.close();
            Files.deleteIfExists(stored.file());
            blocks.add(ArweaveIndexFile.open(indexId, index, scratch));
            handedOver = true;

            boolean confirmed = awaitConfirmations(posted, indexId);
            Files.deleteIfExists(posted);
            return new Outcome(plan[0], sent.get(), bytes.get(), false, confirmed);
        } catch (BridgeException e) {
            throw e;
        } catch (FormatException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "the index written for snapshot " + root + " does not read back: " + e.getMessage(), root, e);
        } catch (IOException | UncheckedIOException e) {
            throw spillFailure(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        } finally {
            if (opened[0] != null) opened[0].close();
            if (!handedOver) closeQuietly(scratch);
        }
    }

    /**
     * Walks the snapshot, packs its blocks and writes the index body to {@code body} as the packs
     * close: each pack's header (a blank transaction id, its block count) and entries. Hands every
     * pack to {@code onPack} (to quote it). Returns {blocks, packs}. Holds the open pack only.
     */
    static long[] plan(Snapshot snapshot, int packSize, Path body, ArweavePacker.Sink onPack) throws IOException {
        long[] plan = new long[2]; // blocks, packs
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(body), 1 << 16)) {
            ArweavePacker packer = new ArweavePacker(packSize, pack -> {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                ArweaveIndex.packHeader(head, new byte[ArweaveIndex.TXID], pack.blocks());
                out.write(head.toByteArray());
                out.write(pack.entries());
                plan[1]++;
                onPack.accept(pack);
            });
            snapshot.forEachBlock(cid -> {
                plan[0]++;
                int size = (int) snapshot.size(cid);
                try {
                    packer.add(cid, size);
                } catch (BridgeException e) {
                    throw e;
                } catch (IOException e) {
                    throw new BridgeException(BridgeFailure.LOCAL, "cannot write the index of snapshot " + snapshot.root() + ": " + e.getMessage(), e);
                }
            });
            packer.finish();
        }
        return plan;
    }

    /**
     * The packs an earlier push of this snapshot stored, sorted by pack id into a file (pack id ‖
     * transaction id); sets {@code indexTx[0]} when the snapshot's index is already there.
     */
    private SortedRecords storedPacks(Cid root, WorkDir.Scratch scratch, String[] indexTx) throws IOException {
        try (RecordSorter sorter = new RecordSorter(scratch.newDirectory("stored-runs"), STORED, 32, 1 << 20)) {
            byte[] record = new byte[STORED];
            client.find(ArweaveTags.snapshot(config, root), wallet.address(), f -> {
                String type = f.tags().get(ArweaveTags.TYPE);
                if ("index".equals(type)) {
                    indexTx[0] = f.id();
                } else if ("pack".equals(type) && f.tags().containsKey(ArweaveTags.PACK)) {
                    byte[] packId;
                    byte[] txid;
                    try {
                        packId = Base64Url.decode(f.tags().get(ArweaveTags.PACK));
                        txid = Base64Url.decode(f.id());
                    } catch (FormatException e) {
                        return true; // not one of ours
                    }
                    if (packId.length != 32 || txid.length != 32) return true;
                    System.arraycopy(packId, 0, record, 0, 32);
                    System.arraycopy(txid, 0, record, 32, 32);
                    try {
                        sorter.add(record);
                    } catch (IOException e) {
                        throw spillFailure(e);
                    }
                }
                return true;
            });
            return sorter.finish(scratch.newFile("stored"));
        }
    }

    /** Receives each pack of the index being pushed. */
    @FunctionalInterface
    interface PackReader {
        void visit(PackJob job) throws BridgeException;
    }

    /** Reads the index written by the plan back, pack by pack (one pack's entries held at a time). */
    static void readPacks(ArweaveData index, int headLength, PackReader visitor) throws BridgeException {
        try (InputStream in = new BufferedInputStream(index.open(), 1 << 16)) {
            ArweaveIndex.Reader r = new ArweaveIndex.Reader(in, index.size());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ArweaveIndex.Pack p = r.nextPack(); p != null; p = r.nextPack()) {
                ByteArrayOutputStream entries = new ByteArrayOutputStream();
                long size = 0;
                for (long i = 0; i < p.blocks(); i++) {
                    ArweaveIndex.Entry e = r.nextEntry();
                    ArweaveIndex.entry(entries, e.cid(), e.length());
                    md.update(e.cid().toBytes());
                    size += e.length();
                }
                visitor.visit(new PackJob(p.txidOffset() - headLength, p.blocks(), size, md.digest(), entries.toByteArray()));
            }
        } catch (BridgeException e) {
            throw e;
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot read back the index being pushed: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the pack's blocks from the local store, uploads them as one transaction; returns its id. */
    private byte[] uploadPack(Snapshot snapshot, PackJob job) throws BridgeException {
        byte[] data = new byte[Math.toIntExact(job.size())];
        int[] at = {0};
        List<Cid> tagged = new ArrayList<>();
        try {
            ArweaveIndex.forEachEntry(job.entries(), (cid, length) -> {
                byte[] b = snapshot.read(cid);
                if (b.length != length) throw new BridgeException(BridgeFailure.LOCAL, "block " + cid + " changed size while pushing", cid, null);
                System.arraycopy(b, 0, data, at[0], b.length);
                at[0] += b.length;
                if (tagged.size() < TAGGED_BLOCKS) tagged.add(cid);
            });
        } catch (BridgeException e) {
            throw e;
        } catch (IOException e) {
            throw spillFailure(e);
        }
        List<ArweaveTag> tags = new ArrayList<>(ArweaveTags.common(config, snapshot.root(), "pack"));
        tags.add(new ArweaveTag(ArweaveTags.PACK, Base64Url.encode(job.packId())));
        tags.add(new ArweaveTag(ArweaveTags.BLOCK_COUNT, Long.toString(job.blocks())));
        return Base64Url.decode(upload(ArweavePacker.blockTags(tags, tagged), ArweaveData.of(data)).id());
    }

    private static void writeTxid(FileChannel body, long offset, byte[] txid) throws BridgeException {
        try {
            ByteBuffer b = ByteBuffer.wrap(txid);
            while (b.hasRemaining()) body.write(b, offset + b.position());
        } catch (IOException e) {
            throw new BridgeException(BridgeFailure.LOCAL, "cannot write the index being pushed: " + e.getMessage(), e);
        }
    }

    /** Signs and posts one transaction; a fresh anchor each time (an anchor is valid for 50 blocks only). */
    private ArweaveTransaction upload(List<ArweaveTag> tags, ArweaveData data) throws BridgeException {
        try {
            ArweaveTransaction tx = ArweaveTransaction.sign(wallet, client.anchor(), client.price(data.size()), tags, data);
            boolean inline = data.size() <= config.inlineLimit();
            client.post(tx, inline);
            if (!inline) for (int i = 0; i < tx.tree().chunks().size(); i++) client.postChunk(tx, i);
            return tx;
        } catch (UncheckedIOException e) {
            throw spillFailure(e.getCause());
        }
    }

    /** Waits for every pack this push posted (listed in {@code posted}) and the index. */
    private boolean awaitConfirmations(Path posted, String indexId) throws BridgeException {
        Instant deadline = clock.instant().plus(config.confirmTimeout());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(posted))) {
            byte[] txid = new byte[ArweaveIndex.TXID];
            while (in.readNBytes(txid, 0, txid.length) == txid.length) {
                if (!awaitConfirmation(Base64Url.encode(txid), deadline)) return false;
            }
        } catch (BridgeException e) {
            throw e;
        } catch (IOException e) {
            throw spillFailure(e);
        }
        return awaitConfirmation(indexId, deadline);
    }

    private boolean awaitConfirmation(String id, Instant deadline) throws BridgeException {
        while (true) {
            OptionalInt c = client.confirmationsIfSeen(id);
            if (c.isPresent() && c.getAsInt() >= config.confirmations()) return true;
            if (!clock.instant().isBefore(deadline)) return false;
            try {
                sleeper.sleep(config.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted waiting for confirmation of " + id, e);
            }
        }
    }

    private WorkDir.Scratch scratch() throws BridgeException {
        try {
            return work.scratch();
        } catch (IOException e) {
            throw spillFailure(e);
        }
    }

    private BridgeException spillFailure(IOException e) {
        return new BridgeException(BridgeFailure.LOCAL, "cannot spill to " + work.base() + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(WorkDir.Scratch scratch) {
        try {
            scratch.close();
        } catch (IOException ignored) {
            // swept by the next process
        }
    }
}
