package io.phoenix.node.snapshot;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one section of the previous file cache forward, as a merge-join against the scan: the
 * scanner asks for keys in increasing order, and the cursor skips the records of files that are
 * gone until it reaches the key asked for or passes it. Holds the current record only. A damaged
 * or inconsistent record ends the section (one warning); every later lookup misses.
 *
 * <p>Record stream of a section: {@code u8 1 ‖ u16 shared ‖ u16 n ‖ n key bytes ‖ u32 m ‖ m body
 * bytes} per record, a key being the previous record's first {@code shared} bytes followed by the
 * {@code n} given; {@code u8 0} ends the section. Keys strictly increase.
 */
public final class CacheCursor {
    /** Longest key accepted (a path below its root): Linux's PATH_MAX. */
    static final int MAX_KEY = 4096;
    /** Largest record body accepted: a file of {@link CachedFile#MAX_CHUNKS} chunks. */
    static final int MAX_BODY = 80 + CachedFile.MAX_CHUNKS * CachedFile.CHUNK_BYTES;

    private final FramedInput in;
    private final Consumer<String> onDamage;
    private byte[] key = new byte[0];
    private boolean started;
    private byte[] body;
    private boolean ended;

    CacheCursor(FramedInput in, Consumer<String> onDamage) {
        this.in = in;
        this.onDamage = onDamage;
    }

    /**
     * The record whose key is {@code wanted}, or null. Keys asked for must increase; records with
     * smaller keys are passed over for good.
     */
    public byte[] find(byte[] wanted) {
        while (!ended) {
            if (started) {
                int c = Arrays.compareUnsigned(key, wanted);
                if (c == 0) return body;
                if (c > 0) return null;
            }
            advance();
        }
        return null;
    }

    /** The next record as (key, body), or null at the end of the section; for carrying a section over. */
    byte[][] next() {
        advance();
        return ended ? null : new byte[][] {key, body};
    }

    private void advance() {
        try {
            int tag = in.readUnsignedByte();
            if (tag == 0) {
                ended = true;
                return;
            }
            if (tag != 1) throw new IOException("unknown record tag " + tag);
            int shared = in.readUnsignedShort(), n = in.readUnsignedShort();
            if (shared > key.length || shared + n > MAX_KEY) throw new IOException("key of " + shared + "+" + n + " bytes");
            byte[] next = new byte[shared + n];
            System.arraycopy(key, 0, next, 0, shared);
            in.readFully(next, shared, n);
            if (started && Arrays.compareUnsigned(next, key) <= 0) throw new IOException("keys out of order");
            int m = in.readInt();
            if (m < 0 || m > MAX_BODY) throw new IOException("record body of " + m + " bytes");
            byte[] b = new byte[m];
            in.readFully(b, 0, m);
            key = next;
            started = true;
            body = b;
        } catch (IOException | RuntimeException e) {
            ended = true;
            body = null;
            onDamage.accept(e.getMessage());
        }
    }
}
