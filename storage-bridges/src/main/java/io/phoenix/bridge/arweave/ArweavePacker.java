package io.phoenix.bridge.arweave;

import io.phoenix.protocol.multiformats.Cid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs a snapshot's blocks, in the snapshot's order, into transactions of at most
 * {@code packSize} bytes and {@link #MAX_BLOCKS} blocks (a block larger than {@code packSize} gets
 * a pack of its own). Deterministic: the same snapshot always gives the same packs, so a pack's id
 * (a digest of its CIDs) says whether an earlier, interrupted push already uploaded it. Streaming:
 * blocks are added one at a time and each pack is handed on when it closes, holding only the open
 * pack's index entries (encoded, ~41 bytes per block, at most {@code MAX_BLOCKS}).
 */
public final class ArweavePacker {
    /** Most blocks in one pack: bounds what a pack costs in memory however small its blocks. */
    public static final int MAX_BLOCKS = 65_536;

    /**
     * A closed pack: its blocks, bytes, id ({@code base64url(SHA-256(the CID bytes of its blocks, in
     * order))}) and its blocks' index entries as {@link ArweaveIndex#entry} encodes them.
     */
    public record Pack(int blocks, long size, String packId, byte[] entries) {}

    /** Receives each pack as it closes. */
    @FunctionalInterface
    public interface Sink {
        void accept(Pack pack) throws IOException;
    }

    private final int packSize;
    private final Sink sink;
    private final MessageDigest id;
    private ByteArrayOutputStream entries = new ByteArrayOutputStream();
    private int blocks;
    private long size;

    public ArweavePacker(int packSize, Sink sink) {
        this.packSize = packSize;
        this.sink = sink;
        try {
            this.id = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void add(Cid cid, int length) throws IOException {
        if (blocks > 0 && (size + length > packSize || blocks == MAX_BLOCKS)) close();
        ArweaveIndex.entry(entries, cid, length);
        id.update(cid.toBytes());
        blocks++;
        size += length;
    }

    /** Hands on the last pack. */
    public void finish() throws IOException {
        if (blocks > 0) close();
    }

    private void close() throws IOException {
        Pack p = new Pack(blocks, size, Base64Url.encode(id.digest()), entries.toByteArray());
        entries = new ByteArrayOutputStream();
        blocks = 0;
        size = 0;
        sink.accept(p);
    }

    /** Block CIDs that fit as {@code Phoenix-Block} tags next to {@code base} within Arweave's 2048-byte tag budget. */
    public static List<ArweaveTag> blockTags(List<ArweaveTag> base, List<Cid> pack) {
        List<ArweaveTag> tags = new ArrayList<>(base);
        for (Cid c : pack) {
            ArweaveTag t = new ArweaveTag("Phoenix-Block", c.toString());
            tags.add(t);
            if (ArweaveTransaction.tagBytes(tags) > 2048) {
                tags.remove(tags.size() - 1);
                break;
            }
        }
        return tags;
    }
}
