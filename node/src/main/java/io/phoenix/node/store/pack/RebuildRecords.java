package io.phoenix.node.store.pack;

import io.phoenix.protocol.spill.SortedRecords;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The records an {@link IndexRebuild} sorts (docs/storage.md, "Rebuilding the index"), 53 bytes,
 * big-endian: digest (32), codec (4), kind (1: {@link #GOOD} or {@link #DAMAGED}), pack (4), offset
 * of the block's first byte (8), length (4); sorted by the first 37 bytes, so a block's verified
 * entry comes before its damaged one. {@link Entries} reads them back as index entries.
 */
final class RebuildRecords {
    static final int RECORD = 53;
    /** Digest, codec and kind. */
    static final int KEY = 37;
    static final byte GOOD = 0;
    static final byte DAMAGED = 1;

    private RebuildRecords() {}

    /** Encodes one record into {@code into} (RECORD bytes) and returns it. */
    static byte[] encode(byte[] into, IndexKey key, byte kind, int pack, long offset, int length) {
        ByteBuffer b = ByteBuffer.wrap(into);
        key.writeTo(b);
        b.put(kind).putInt(pack).putLong(offset).putInt(length);
        return into;
    }

    /**
     * The sorted records as index entries, in key order: a block's verified record is an entry;
     * its damaged record, when one follows, counts the block as repaired (it has a good copy), and
     * a damaged record with no verified one before it counts the block as absent.
     */
    static final class Entries implements Iterator<Map.Entry<IndexKey, Location>> {
        private final SortedRecords sorted;
        private final Set<IndexKey> watched;
        private final Set<IndexKey> repaired = new HashSet<>();
        private final byte[] rec = new byte[RECORD];
        private final byte[] lastGood = new byte[KEY - 1];
        private boolean anyGood;
        private long i;
        private long absentBlocks;
        private long repairedBlocks;
        private Map.Entry<IndexKey, Location> next;

        /** Over {@code sorted}; {@link #repaired} tells which of the {@code watched} blocks turned out to have a good copy. */
        Entries(SortedRecords sorted, Set<IndexKey> watched) {
            this.sorted = sorted;
            this.watched = watched;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && i < sorted.count()) {
                sorted.read(i++, rec);
                ByteBuffer b = ByteBuffer.wrap(rec);
                IndexKey key = IndexKey.readFrom(b, 0);
                if (rec[KEY - 1] == GOOD) {
                    System.arraycopy(rec, 0, lastGood, 0, KEY - 1);
                    anyGood = true;
                    next = new AbstractMap.SimpleImmutableEntry<>(key, new Location(b.getInt(KEY), b.getLong(KEY + 4), b.getInt(KEY + 12)));
                } else if (anyGood && Arrays.equals(rec, 0, KEY - 1, lastGood, 0, KEY - 1)) {
                    repairedBlocks++;
                    if (watched.contains(key)) repaired.add(key);
                } else {
                    absentBlocks++;
                }
            }
        }

        /** Blocks with a damaged entry and no verified one (counted as far as read). */
        long absentBlocks() {
            return absentBlocks;
        }

        /** Blocks with a damaged entry and a verified one (counted as far as read). */
        long repairedBlocks() {
            return repairedBlocks;
        }

        /** The watched blocks found to have a verified entry beside a damaged one. */
        Set<IndexKey> repaired() {
            return repaired;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Map.Entry<IndexKey, Location> next() {
            if (next == null) throw new NoSuchElementException();
            Map.Entry<IndexKey, Location> e = next;
            advance();
            return e;
        }
    }
}
