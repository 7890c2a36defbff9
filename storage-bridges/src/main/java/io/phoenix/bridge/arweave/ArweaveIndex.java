package io.phoenix.bridge.arweave;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where every block of one snapshot lies on Arweave: the data of the snapshot's index transaction.
 * Binary, version 1 (docs/bridges.md §5), unchanged since the first release:
 * <pre>
 * "PHXARIDX" (8 bytes) ‖ version u8 = 1 ‖ varint(len) ‖ root CID
 * ‖ varint(pack count) ‖ for each pack: txid (32 bytes) ‖ varint(block count)
 *                                       ‖ for each block: varint(len) ‖ CID ‖ varint(block length)
 * </pre>
 * Blocks lie back to back in their pack's data in the order listed, so offsets are implicit. An
 * index grows with the snapshot (~41 bytes per block: ~820 MB for 20 million blocks), so it is
 * written ({@link #head}, {@link #entry}) and read ({@link Reader}) as a stream, a pack at a time
 * and an entry at a time; nothing here holds more than one entry.
 */
public final class ArweaveIndex {
    public static final int VERSION = 1;
    static final byte[] MAGIC = "PHXARIDX".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_BLOCK = 4 << 20;
    static final int TXID = 32;

    private ArweaveIndex() {}

    /** Everything before the first pack. */
    public static byte[] head(Cid root, long packCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        cid(out, root);
        Varint.write(packCount, out);
        return out.toByteArray();
    }

    /** A pack's header: its transaction id (32 zero bytes until it is known) and its block count. */
    public static void packHeader(ByteArrayOutputStream out, byte[] txid, long blocks) {
        if (txid.length != TXID) throw new IllegalArgumentException("Arweave transaction id must be 32 bytes");
        out.writeBytes(txid);
        Varint.write(blocks, out);
    }

    /** One block of a pack. */
    public static void entry(ByteArrayOutputStream out, Cid cid, int length) {
        cid(out, cid);
        Varint.write(length, out);
    }

    /** Encoded size of one block's entry. */
    public static int entrySize(Cid cid, int length) {
        return Varint.size(cid.byteLength()) + cid.byteLength() + Varint.size(length);
    }

    private static void cid(ByteArrayOutputStream out, Cid cid) {
        Varint.write(cid.byteLength(), out);
        out.writeBytes(cid.toBytes());
    }

    /** Receives entries decoded from {@link #entry}'s encoding. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(Cid cid, int length) throws IOException;
    }

    /** Decodes entries that {@link #entry} wrote back to back (one pack's, held by the writer itself). */
    public static void forEachEntry(byte[] encoded, EntryVisitor visitor) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        while (in.hasRemaining()) {
            long len = Varint.read(in);
            if (len < 2 || len > 128 || len > in.remaining()) throw new FormatException("bad CID length " + len + " in Arweave index entries");
            byte[] cid = new byte[(int) len];
            in.get(cid);
            visitor.visit(Cid.fromBytes(cid), Math.toIntExact(Varint.read(in)));
        }
    }

    /** A pack as the index lists it; {@code txidOffset} is where its transaction id lies in the index. */
    public record Pack(byte[] txid, long blocks, long txidOffset) {
        public String txId() {
            return Base64Url.encode(txid);
        }
    }

    /** One block of a pack. */
    public record Entry(Cid cid, int length) {}

    /**
     * Reads an index of {@code size} bytes from a stream, pack by pack and entry by entry: after
     * {@link #nextPack()} read exactly its {@code blocks} entries with {@link #nextEntry()}. Every
     * count is checked against the bytes left, so a truncated, foreign or hostile index is a
     * {@link FormatException}, never a large allocation.
     */
    public static final class Reader {
        private final InputStream in;
        private final long size;
        private final Cid root;
        private final long packCount;
        private long position;
        private long packsRead;
        private long entriesLeft;

        public Reader(InputStream in, long size) throws IOException {
            this.in = in;
            this.size = size;
            byte[] magic = bytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw new FormatException("not a Phoenix Arweave index (bad magic)");
            int version = bytes(1)[0] & 0xFF;
            if (version != VERSION) throw new FormatException("Arweave index version " + version + " is not supported");
            this.root = cid();
            this.packCount = count((size - position) / (TXID + 1), "pack count");
        }

        public Cid root() {
            return root;
        }

        public long packCount() {
            return packCount;
        }

        /** Bytes read so far. */
        public long position() {
            return position;
        }

        /** The next pack, or null after the last (then the index must end: trailing bytes are refused). */
        public Pack nextPack() throws IOException {
            if (entriesLeft > 0) throw new IllegalStateException(entriesLeft + " entries of the last pack are unread");
            if (packsRead == packCount) {
                if (position != size || in.read() >= 0) throw new FormatException("trailing bytes after the Arweave index");
                return null;
            }
            long at = position;
            byte[] txid = bytes(TXID);
            long blocks = count((size - position) / 3, "block count");
            packsRead++;
            entriesLeft = blocks;
            return new Pack(txid, blocks, at);
        }

        public Entry nextEntry() throws IOException {
            if (entriesLeft == 0) throw new IllegalStateException("no entry left in this pack");
            Cid cid = cid();
            long len = varint();
            if (len > MAX_BLOCK) throw new FormatException("block " + cid + " length " + len + " out of range");
            entriesLeft--;
            return new Entry(cid, (int) len);
        }

        private long count(long max, String what) throws IOException {
            long n = varint();
            if (n > max) throw new FormatException("Arweave index " + what + " " + n + " exceeds what its size allows");
            return n;
        }

        private Cid cid() throws IOException {
            long len = varint();
            if (len < 2 || len > 128 || len > size - position) throw new FormatException("bad CID length " + len + " in Arweave index");
            return Cid.fromBytes(bytes((int) len));
        }

        private long varint() throws IOException {
            long value = 0;
            for (int i = 0; i < Varint.MAX_BYTES; i++) {
                int b = in.read();
                if (b < 0) throw new FormatException("truncated Arweave index");
                position++;
                if (b == 0 && i > 0) throw new FormatException("non-minimal varint in Arweave index");
                value |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) return value;
            }
            throw new FormatException("varint longer than " + Varint.MAX_BYTES + " bytes in Arweave index");
        }

        private byte[] bytes(int n) throws IOException {
            if (n > size - position) throw new FormatException("truncated Arweave index");
            byte[] b;
            try {
                b = in.readNBytes(n);
            } catch (EOFException e) {
                b = new byte[0];
            }
            if (b.length != n) throw new FormatException("truncated Arweave index");
            position += n;
            return b;
        }
    }
}
