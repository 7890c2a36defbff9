package io.phoenix.node.store.file;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.FormatException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where a block lives: {@code blocks/<d0>/<d1>/<cid>} where {@code d0}, {@code d1} are the first two
 * bytes of the multihash digest in lower-case hex (two levels of 256 directories) and {@code <cid>}
 * is the CID in its base32 text form. 20 million blocks give ~300 files per leaf directory.
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
        String a = HEX.toHexDigits(d.length > 0 ? d[0] : 0);
        String b = HEX.toHexDigits(d.length > 1 ? d[1] : 0);
        return blocks.resolve(a).resolve(b).resolve(cid.toString());
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
