package io.phoenix.protocol.tree;

import com.google.protobuf.ByteString;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.proto.TreeProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Writes one directory listing as tree blocks, streaming: entries are added in strictly
 * increasing name order (unsigned UTF-8 bytes) and flushed to a part block whenever the pending
 * plaintext would pass {@link #PART_BYTES}; a listing that needed several parts gets a head block
 * listing their CIDs (nested again when there are more than {@link #PARTS_PER_BLOCK}). A file with
 * more than {@link #INLINE_CHUNKS} chunks has its chunk list spilled into ChunkList blocks of at
 * most {@link #CHUNKS_PER_LIST}. Every tree block plaintext stays well below 1 MiB. Memory is
 * bounded by one part plus the part CIDs.
 */
public final class DirectoryWriter {
    public static final int VERSION = 1;
    public static final int PART_BYTES = 768 * 1024;
    public static final int PARTS_PER_BLOCK = 16384;
    public static final int INLINE_CHUNKS = 1024;
    public static final int CHUNKS_PER_LIST = 16384;

    /** Order of entries in a listing: unsigned UTF-8 bytes of the name. */
    public static final Comparator<String> NAME_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final TreeBlockSink sink;
    private final TreeProto.Directory.Builder pending = TreeProto.Directory.newBuilder();
    private int pendingBytes;
    private final List<Cid> parts = new ArrayList<>();
    private byte[] lastName;
    private boolean finished;

    public DirectoryWriter(TreeBlockSink sink) {
        this.sink = sink;
    }

    /** Writes a whole listing (any order; names must be unique) and returns the directory's CID. */
    public static Cid write(TreeBlockSink sink, Collection<? extends TreeEntry> entries) throws IOException {
        List<TreeEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(TreeEntry::name, NAME_ORDER));
        DirectoryWriter w = new DirectoryWriter(sink);
        for (TreeEntry e : sorted) w.add(e);
        return w.finish();
    }

    /** Adds the next entry; its name must sort strictly after the previous one. */
    public void add(TreeEntry entry) throws IOException {
        if (finished) throw new IllegalStateException("directory already finished");
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        if (lastName != null && Arrays.compareUnsigned(lastName, name) >= 0) {
            throw new IllegalArgumentException("entry '" + entry.name() + "' is out of order or duplicated");
        }
        lastName = name;
        TreeProto.Entry proto = toProto(entry, name);
        int size = proto.getSerializedSize() + 6;
        if (pendingBytes + size > PART_BYTES && pending.getEntriesCount() > 0) flushPart();
        pending.addEntries(proto);
        pendingBytes += size;
    }

    /** Writes the remaining blocks and returns the CID naming the whole listing. */
    public Cid finish() throws IOException {
        if (finished) throw new IllegalStateException("directory already finished");
        finished = true;
        if (parts.isEmpty()) return putDirectory(pending.build());
        if (pending.getEntriesCount() > 0) flushPart();
        List<Cid> level = parts;
        while (level.size() > PARTS_PER_BLOCK) {
            List<Cid> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += PARTS_PER_BLOCK) {
                next.add(putParts(level.subList(i, Math.min(level.size(), i + PARTS_PER_BLOCK))));
            }
            level = next;
        }
        return putParts(level);
    }

    private void flushPart() throws IOException {
        parts.add(putDirectory(pending.build()));
        pending.clear();
        pendingBytes = 0;
    }

    private Cid putParts(List<Cid> cids) throws IOException {
        TreeProto.Directory.Builder d = TreeProto.Directory.newBuilder();
        for (Cid c : cids) d.addParts(ByteString.copyFrom(c.toBytes()));
        return putDirectory(d.build());
    }

    private Cid putDirectory(TreeProto.Directory dir) throws IOException {
        return sink.put(TreeProto.TreeBlock.newBuilder().setVersion(VERSION).setDirectory(dir).build().toByteArray());
    }

    private TreeProto.Entry toProto(TreeEntry entry, byte[] name) throws IOException {
        TreeProto.Entry.Builder b = TreeProto.Entry.newBuilder()
                .setName(ByteString.copyFrom(name))
                .setMode(entry.mode())
                .setMtimeNs(entry.mtimeNanos());
        switch (entry) {
            case FileEntry f -> {
                b.setKind(TreeProto.Kind.FILE).setSize(f.size()).setDigest(ByteString.copyFrom(f.digest()));
                List<ChunkRef> chunks = f.chunks();
                if (chunks.size() <= INLINE_CHUNKS) {
                    for (ChunkRef c : chunks) {
                        b.addChunks(ByteString.copyFrom(c.cid().toBytes())).addChunkSizes(c.length());
                    }
                } else {
                    for (int i = 0; i < chunks.size(); i += CHUNKS_PER_LIST) {
                        TreeProto.ChunkList.Builder list = TreeProto.ChunkList.newBuilder();
                        for (ChunkRef c : chunks.subList(i, Math.min(chunks.size(), i + CHUNKS_PER_LIST))) {
                            list.addChunks(ByteString.copyFrom(c.cid().toBytes())).addChunkSizes(c.length());
                        }
                        byte[] plain = TreeProto.TreeBlock.newBuilder().setVersion(VERSION).setChunkList(list).build().toByteArray();
                        b.addChunkLists(ByteString.copyFrom(sink.put(plain).toBytes()));
                    }
                }
            }
            case DirectoryEntry d -> b.setKind(TreeProto.Kind.DIRECTORY).setTree(ByteString.copyFrom(d.tree().toBytes()));
            case SymlinkEntry s -> b.setKind(TreeProto.Kind.SYMLINK).setTarget(ByteString.copyFromUtf8(s.target()));
        }
        return b.build();
    }
}
