package io.phoenix.bridge.arweave;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs a snapshot's blocks, in the snapshot's order, into transactions of at most
 * {@code packSize} bytes (a block larger than that gets a pack of its own). Deterministic: the
 * same snapshot always gives the same packs, so a pack's id (a digest of its CIDs) says whether an
 * earlier, interrupted push already uploaded it.
 */
public final class ArweavePacker {
    private ArweavePacker() {}

    public static List<List<ArweavePackIndex.Entry>> pack(List<ArweavePackIndex.Entry> blocks, int packSize) {
        List<List<ArweavePackIndex.Entry>> packs = new ArrayList<>();
        List<ArweavePackIndex.Entry> current = new ArrayList<>();
        long size = 0;
        for (ArweavePackIndex.Entry e : blocks) {
            if (!current.isEmpty() && size + e.length() > packSize) {
                packs.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(e);
            size += e.length();
        }
        if (!current.isEmpty()) packs.add(current);
        return packs;
    }

    /** base64url(SHA-256(CID bytes of every block in the pack, in order)). */
    public static String packId(List<ArweavePackIndex.Entry> pack) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ArweavePackIndex.Entry e : pack) md.update(e.cid().toBytes());
            return Base64Url.encode(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long size(List<ArweavePackIndex.Entry> pack) {
        return pack.stream().mapToLong(ArweavePackIndex.Entry::length).sum();
    }

    /** Block CIDs that fit as {@code Phoenix-Block} tags next to {@code base} within Arweave's 2048-byte tag budget. */
    public static List<ArweaveTag> blockTags(List<ArweaveTag> base, List<ArweavePackIndex.Entry> pack) {
        List<ArweaveTag> tags = new ArrayList<>(base);
        for (ArweavePackIndex.Entry e : pack) {
            ArweaveTag t = new ArweaveTag("Phoenix-Block", e.cid().toString());
            tags.add(t);
            if (ArweaveTransaction.tagBytes(tags) > 2048) {
                tags.remove(tags.size() - 1);
                break;
            }
        }
        return tags;
    }
}
