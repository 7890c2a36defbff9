package io.phoenix.node.store.file;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where a block lives: {@code blocks/<d0>/<cid>} where {@code d0} is the first byte of the multihash
 * digest in lower-case hex (one level of 256 directories, all created when the store is created)
 * and {@code <cid>} is the CID in its base32 text form. 20 million blocks give ~78,000 files per
 * directory, which hashed directories (ext4 dir_index, xfs, btrfs) look up in constant time. One
 * level, created up front, means a put never creates a directory and a flush syncs at most 256.
 */
final class ShardLayout {
    private static final HexFormat HEX = HexFormat.of();
    private final Path blocks;

    ShardLayout(Path blocks) {
        this.blocks = blocks;
    }

    Path blocks() {
        return blocks;
    }

    Path fileOf(Cid cid) {
        byte[] d = cid.multihash().digest();
        return shard(d.length > 0 ? d[0] : 0).resolve(cid.toString());
    }

    /** The shard directory for digests starting with {@code first}. */
    Path shard(int first) {
        return blocks.resolve(HEX.toHexDigits((byte) first));
    }

    /** The CID a block file name stands for, or null when the name is not one this layout writes. */
    static Cid cidOfName(String name) {
        if (name.isEmpty() || name.charAt(0) != 'b') return null;
        try {
            return Cid.parse(name);
        } catch (FormatException e) {
            return null;
        }
    }

    static boolean isShardName(String name) {
        if (name.length() != 2) return false;
        for (int i = 0; i < 2; i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }
}
