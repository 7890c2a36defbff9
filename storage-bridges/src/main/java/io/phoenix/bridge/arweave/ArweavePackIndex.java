package io.phoenix.bridge.arweave;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every block of one snapshot lies on Arweave: the data of the snapshot's index transaction.
 * Binary, version 1 (see docs/bridges.md):
 * <pre>
 * "PHXARIDX" (8 bytes) ‖ version u8 = 1 ‖ varint(len) ‖ root CID
 * ‖ varint(pack count) ‖ for each pack: txid (32 bytes) ‖ varint(block count)
 *                                       ‖ for each block: varint(len) ‖ CID ‖ varint(block length)
 * </pre>
 * Blocks lie back to back in their pack's data in the order listed, so offsets are implicit.
 */
public record ArweavePackIndex(Cid root, List<Pack> packs) {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "PHXARIDX".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_BLOCK = 4 << 20;

    /** One pack transaction and the blocks it carries. */
    public record Pack(String txId, List<Entry> blocks) {
        public Pack {
            if (Base64Url.decode(txId).length != 32) throw new FormatException("Arweave transaction id must be 32 bytes: " + txId);
            blocks = List.copyOf(blocks);
        }

        public long size() {
            return blocks.stream().mapToLong(Entry::length).sum();
        }
    }

    /** One block in a pack. */
    public record Entry(Cid cid, int length) {}

    public ArweavePackIndex {
        packs = List.copyOf(packs);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        cid(out, root);
        Varint.write(packs.size(), out);
        for (Pack p : packs) {
            out.writeBytes(Base64Url.decode(p.txId()));
            Varint.write(p.blocks().size(), out);
            for (Entry e : p.blocks()) {
                cid(out, e.cid());
                Varint.write(e.length(), out);
            }
        }
        return out.toByteArray();
    }

    /** Exact encoded size of an index with these packs (known before the pack ids are). */
    public static int encodedSize(Cid root, List<List<Entry>> packs) {
        int n = MAGIC.length + 1 + Varint.size(root.byteLength()) + root.byteLength() + Varint.size(packs.size());
        for (List<Entry> p : packs) {
            n += 32 + Varint.size(p.size());
            for (Entry e : p) n += Varint.size(e.cid().byteLength()) + e.cid().byteLength() + Varint.size(e.length());
        }
        return n;
    }

    public static ArweavePackIndex decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new FormatException("not a Phoenix Arweave index (bad magic)");
            int version = in.get() & 0xFF;
            if (version != VERSION) throw new FormatException("Arweave index version " + version + " is not supported");
            Cid root = cid(in);
            long packCount = count(in, data.length / 33, "pack count");
            List<Pack> packs = new ArrayList<>();
            for (long i = 0; i < packCount; i++) {
                byte[] id = new byte[32];
                in.get(id);
                long blockCount = count(in, in.remaining() / 3, "block count");
                List<Entry> entries = new ArrayList<>();
                for (long b = 0; b < blockCount; b++) {
                    Cid cid = cid(in);
                    long len = Varint.read(in);
                    if (len > MAX_BLOCK) throw new FormatException("block " + cid + " length " + len + " out of range");
                    entries.add(new Entry(cid, (int) len));
                }
                packs.add(new Pack(Base64Url.encode(id), entries));
            }
            if (in.hasRemaining()) throw new FormatException("trailing bytes after the Arweave index");
            return new ArweavePackIndex(root, packs);
        } catch (BufferUnderflowException e) {
            throw new FormatException("truncated Arweave index", e);
        }
    }

    private static long count(ByteBuffer in, long max, String what) {
        long n = Varint.read(in);
        if (n > max) throw new FormatException("Arweave index " + what + " " + n + " exceeds what its size allows");
        return n;
    }

    private static void cid(ByteArrayOutputStream out, Cid cid) {
        Varint.write(cid.byteLength(), out);
        out.writeBytes(cid.toBytes());
    }

    private static Cid cid(ByteBuffer in) {
        long len = Varint.read(in);
        if (len < 2 || len > 128 || len > in.remaining()) throw new FormatException("bad CID length " + len + " in Arweave index");
        byte[] b = new byte[(int) len];
        in.get(b);
        return Cid.fromBytes(b);
    }
}
