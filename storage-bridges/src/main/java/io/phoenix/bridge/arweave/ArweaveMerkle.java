package io.phoenix.bridge.arweave;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Arweave {@code data_root} merkle tree and chunk proofs (facts from arweave-js
 * {@code merkle.ts}, after {@code ar_merkle.erl}; the minimum chunk is 32 KiB as in the arweave-js 1.15 release, some
 * source revisions say 256 bytes). Data is cut in 256 KiB chunks
 * (the last two are evened out when the last would be under 32 KiB, and an exact multiple ends
 * with an empty chunk that is in the tree but never uploaded). A leaf's id is
 * {@code H(H(H(chunk)) ‖ H(note(end)))}, a branch's {@code H(H(left) ‖ H(right) ‖ H(note(left end)))},
 * where {@code note} is a 32-byte big-endian offset and {@code H} is SHA-256; an odd node is carried
 * up unchanged.
 */
public final class ArweaveMerkle {
    public static final int MAX_CHUNK = 256 * 1024;
    public static final int MIN_CHUNK = 32 * 1024;

    /** One chunk: bytes {@code [start, end)} of the data. */
    public record Chunk(long start, long end, byte[] dataHash) {
        public int length() {
            return (int) (end - start);
        }
    }

    /** One uploadable chunk's proof: {@code offset} is the chunk's last byte. */
    public record Proof(long offset, byte[] path) {}

    /** The root, the chunks to upload and their proofs (same order). */
    public record Tree(byte[] dataRoot, List<Chunk> chunks, List<Proof> proofs) {}

    private record Node(byte[] id, byte[] dataHash, long maxByteRange, long byteRange, Node left, Node right) {
        boolean leaf() {
            return left == null;
        }
    }

    private ArweaveMerkle() {}

    public static Tree of(byte[] data) {
        return of(ArweaveData.of(data));
    }

    /**
     * The tree of {@code data}, read one chunk at a time (a file-backed index is never loaded
     * whole). The tree holds one node per 256 KiB chunk.
     */
    public static Tree of(ArweaveData data) {
        List<Chunk> chunks = chunk(data);
        List<Node> layer = new ArrayList<>();
        for (Chunk c : chunks) {
            layer.add(new Node(sha256(sha256(c.dataHash()), sha256(note(c.end()))), c.dataHash(), c.end(), 0, null, null));
        }
        while (layer.size() >= 2) {
            List<Node> next = new ArrayList<>();
            for (int i = 0; i < layer.size(); i += 2) {
                Node l = layer.get(i);
                if (i + 1 == layer.size()) {
                    next.add(l);
                    continue;
                }
                Node r = layer.get(i + 1);
                next.add(new Node(sha256(sha256(l.id()), sha256(r.id()), sha256(note(l.maxByteRange()))), null,
                        r.maxByteRange(), l.maxByteRange(), l, r));
            }
            layer = next;
        }
        Node root = layer.get(0);
        List<Proof> proofs = new ArrayList<>();
        prove(root, new byte[0], proofs);
        List<Chunk> upload = new ArrayList<>(chunks);
        Chunk last = chunks.get(chunks.size() - 1);
        if (last.end() == last.start()) {
            upload.remove(upload.size() - 1);
            proofs.remove(proofs.size() - 1);
        }
        return new Tree(root.id(), upload, proofs);
    }

    static List<Chunk> chunk(ArweaveData data) {
        List<Chunk> out = new ArrayList<>();
        byte[] buf = new byte[MAX_CHUNK];
        long cursor = 0;
        long rest = data.size();
        while (rest >= MAX_CHUNK) {
            int size = MAX_CHUNK;
            long next = rest - MAX_CHUNK;
            if (next > 0 && next < MIN_CHUNK) size = (int) ((rest + 1) / 2);
            data.read(cursor, buf, 0, size);
            out.add(new Chunk(cursor, cursor + size, sha256Range(buf, 0, size)));
            cursor += size;
            rest -= size;
        }
        data.read(cursor, buf, 0, (int) rest);
        out.add(new Chunk(cursor, cursor + rest, sha256Range(buf, 0, (int) rest)));
        return out;
    }

    private static void prove(Node node, byte[] path, List<Proof> out) {
        if (node.leaf()) {
            out.add(new Proof(node.maxByteRange() - 1, concat(path, node.dataHash(), note(node.maxByteRange()))));
            return;
        }
        byte[] partial = concat(path, node.left().id(), node.right().id(), note(node.byteRange()));
        prove(node.left(), partial, out);
        prove(node.right(), partial, out);
    }

    static byte[] note(long value) {
        byte[] b = new byte[32];
        for (int i = 31; i > 0 && value > 0; i--, value >>>= 8) b[i] = (byte) value;
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] sha256Range(byte[] data, int off, int len) {
        MessageDigest md = digest();
        md.update(data, off, len);
        return md.digest();
    }

    private static byte[] sha256(byte[]... parts) {
        MessageDigest md = digest();
        for (byte[] p : parts) md.update(p);
        return md.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
