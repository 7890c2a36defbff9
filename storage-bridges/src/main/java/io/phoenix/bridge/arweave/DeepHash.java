package io.phoenix.bridge.arweave;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Arweave's deep hash (SHA-384), what a v2 transaction signs. A blob {@code b} hashes to
 * {@code H(H("blob" ‖ len(b)) ‖ H(b))}; a list of {@code n} items starts from
 * {@code acc = H("list" ‖ n)} and folds {@code acc = H(acc ‖ deepHash(item))}; lengths are decimal
 * ASCII. (Facts from arweave-js {@code src/common/lib/deepHash.ts}.)
 */
public final class DeepHash {
    private DeepHash() {}

    /** {@code item} is a {@code byte[]} or a {@code List} of items. */
    public static byte[] of(Object item) {
        if (item instanceof byte[] blob) {
            byte[] tag = sha384(("blob" + blob.length).getBytes(StandardCharsets.US_ASCII));
            return sha384(tag, sha384(blob));
        }
        if (item instanceof List<?> list) {
            byte[] acc = sha384(("list" + list.size()).getBytes(StandardCharsets.US_ASCII));
            for (Object o : list) acc = sha384(acc, of(o));
            return acc;
        }
        throw new IllegalArgumentException("deep hash takes byte[] or List, not " + item);
    }

    private static byte[] sha384(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-384");
            for (byte[] p : parts) md.update(p);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
