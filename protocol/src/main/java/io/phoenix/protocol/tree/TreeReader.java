package io.phoenix.protocol.tree;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.store.DigestCache;
import io.phoenix.protocol.tree.proto.TreeProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads directory listings written by {@link DirectoryWriter}, validating everything: names
 * (no '/', '.', '..', NUL), strict name order across parts, kinds and their fields, chunk counts
 * and sizes, CID codecs, nesting depth. Any violation is a {@link TreeFormatException}.
 */
public final class TreeReader {
    /** Deepest nesting of part blocks accepted. */
    public static final int MAX_PART_DEPTH = 4;
    /** Most chunks accepted for one file (2^24 chunks of at most 1 MiB: files up to ~16 TiB). */
    public static final int MAX_FILE_CHUNKS = 1 << 24;

    private final TreeBlockSource source;

    public TreeReader(TreeBlockSource source) {
        this.source = source;
    }

    /** Callback for {@link #forEach}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(TreeEntry entry) throws IOException;
    }

    /** All entries of the directory, in name order (chunk lists resolved). */
    public List<TreeEntry> list(Cid directory) throws IOException {
        List<TreeEntry> out = new ArrayList<>();
        forEach(directory, out::add);
        return out;
    }

    /** Streams the directory's entries in name order without holding the listing in memory. */
    public void forEach(Cid directory, EntryVisitor visitor) throws IOException {
        byte[][] last = new byte[1][];
        walkDirectory(directory, 0, entry -> {
            byte[] name = entry.getName().toByteArray();
            if (last[0] != null && Arrays.compareUnsigned(last[0], name) >= 0) {
                throw new TreeFormatException("directory " + directory + ": entries not in strict name order at '" + utf8(name) + "'");
            }
            last[0] = name;
            visitor.visit(toEntry(entry));
        }, null, new HashSet<>());
    }

    /**
     * Visits the CID of every block under {@code directory}: its tree blocks (parts, chunk lists,
     * sub-directories, recursively) and every data chunk. A directory shared by several places is
     * usually walked once: the directories walked are remembered in a fixed-size, lossy table
     * ({@link DigestCache}, 2.5 MiB), so memory does not grow with the tree; one forgotten is walked
     * (and its blocks visited) again. Used to compare a snapshot's trees with its block index.
     */
    public void forEachBlock(Cid directory, Consumer<Cid> visitor) throws IOException {
        DigestCache seenTrees = new DigestCache(1 << 16, 0);
        byte[] key = new byte[DigestCache.KEY_BYTES];
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(directory);
        while (!todo.isEmpty()) {
            Cid dir = todo.pop();
            if (dir.rawDigestInto(key, 0) && !seenTrees.add(key, 0)) continue;
            walkDirectory(dir, 0, entry -> {
                switch (entry.getKind()) {
                    case FILE -> {
                        for (ByteString c : entry.getChunksList()) visitor.accept(cid(c, "chunk"));
                        for (ByteString l : entry.getChunkListsList()) {
                            Cid list = cid(l, "chunk list");
                            visitor.accept(list);
                            for (ByteString c : readChunkList(list).getChunksList()) visitor.accept(cid(c, "chunk"));
                        }
                    }
                    case DIRECTORY -> todo.push(cid(entry.getTree(), "sub-directory"));
                    default -> { }
                }
            }, visitor, new HashSet<>());
        }
    }

    @FunctionalInterface
    private interface ProtoVisitor {
        void visit(TreeProto.Entry entry) throws IOException;
    }

    private void walkDirectory(Cid cid, int depth, ProtoVisitor visitor, Consumer<Cid> blocks, Set<Cid> seen) throws IOException {
        if (!seen.add(cid)) throw new TreeFormatException("directory block " + cid + " is referenced twice in one listing");
        if (blocks != null) blocks.accept(cid);
        TreeProto.TreeBlock block = parse(cid, source.get(cid));
        if (!block.hasDirectory()) throw new TreeFormatException("tree block " + cid + " is not a directory");
        TreeProto.Directory dir = block.getDirectory();
        if (dir.getPartsCount() > 0) {
            if (dir.getEntriesCount() > 0) throw new TreeFormatException("directory block " + cid + " has both entries and parts");
            if (depth >= MAX_PART_DEPTH) throw new TreeFormatException("directory " + cid + ": parts nested deeper than " + MAX_PART_DEPTH);
            for (ByteString p : dir.getPartsList()) walkDirectory(cid(p, "directory part"), depth + 1, visitor, blocks, seen);
        } else {
            for (TreeProto.Entry e : dir.getEntriesList()) visitor.visit(e);
        }
    }

    private TreeProto.ChunkList readChunkList(Cid cid) throws IOException {
        TreeProto.TreeBlock block = parse(cid, source.get(cid));
        if (!block.hasChunkList()) throw new TreeFormatException("tree block " + cid + " is not a chunk list");
        TreeProto.ChunkList list = block.getChunkList();
        if (list.getChunksCount() != list.getChunkSizesCount()) {
            throw new TreeFormatException("chunk list " + cid + " has " + list.getChunksCount() + " chunks but " + list.getChunkSizesCount() + " sizes");
        }
        return list;
    }

    static TreeProto.TreeBlock parse(Cid cid, byte[] plaintext) {
        TreeProto.TreeBlock block;
        try {
            block = TreeProto.TreeBlock.parseFrom(plaintext);
        } catch (InvalidProtocolBufferException e) {
            throw new TreeFormatException("tree block " + cid + " is not a valid TreeBlock protobuf: " + e.getMessage(), e);
        }
        if (block.getVersion() != DirectoryWriter.VERSION) {
            throw new TreeFormatException("tree block " + cid + " has unsupported version " + block.getVersion());
        }
        return block;
    }

    private TreeEntry toEntry(TreeProto.Entry e) throws IOException {
        String name = utf8(e.getName().toByteArray());
        String problem = TreeNames.problem(name);
        if (problem != null) throw new TreeFormatException(problem);
        if ((e.getMode() & ~07777) != 0) throw new TreeFormatException("entry '" + name + "' has invalid mode 0" + Integer.toOctalString(e.getMode()));
        return switch (e.getKind()) {
            case FILE -> toFile(name, e);
            case DIRECTORY -> new DirectoryEntry(name, e.getMode(), e.getMtimeNs(), cid(e.getTree(), "sub-directory of '" + name + "'"));
            case SYMLINK -> {
                if (e.getTarget().isEmpty() || e.getTarget().size() > SymlinkEntry.MAX_TARGET_BYTES) {
                    throw new TreeFormatException("symlink '" + name + "' has a target of " + e.getTarget().size() + " bytes (1.." + SymlinkEntry.MAX_TARGET_BYTES + ")");
                }
                yield new SymlinkEntry(name, e.getMode(), e.getMtimeNs(), utf8(e.getTarget().toByteArray()));
            }
            default -> throw new TreeFormatException("entry '" + name + "' has unknown kind " + e.getKindValue());
        };
    }

    private FileEntry toFile(String name, TreeProto.Entry e) throws IOException {
        if (e.getDigest().size() != FileDigest.LENGTH) throw new TreeFormatException("file '" + name + "' has a digest of " + e.getDigest().size() + " bytes");
        if (e.getChunksCount() != e.getChunkSizesCount()) {
            throw new TreeFormatException("file '" + name + "' has " + e.getChunksCount() + " chunks but " + e.getChunkSizesCount() + " sizes");
        }
        if (e.getChunksCount() > 0 && e.getChunkListsCount() > 0) throw new TreeFormatException("file '" + name + "' has both inline chunks and chunk lists");
        List<ChunkRef> chunks = new ArrayList<>();
        addChunks(chunks, e.getChunksList(), e.getChunkSizesList(), name);
        for (ByteString l : e.getChunkListsList()) {
            TreeProto.ChunkList list = readChunkList(cid(l, "chunk list of '" + name + "'"));
            addChunks(chunks, list.getChunksList(), list.getChunkSizesList(), name);
        }
        long sum = 0;
        for (ChunkRef c : chunks) sum += c.length();
        if (sum != e.getSize()) throw new TreeFormatException("file '" + name + "' declares size " + e.getSize() + " but its chunks hold " + sum + " bytes");
        return new FileEntry(name, e.getMode(), e.getMtimeNs(), e.getSize(), chunks, e.getDigest().toByteArray());
    }

    private static void addChunks(List<ChunkRef> out, List<ByteString> cids, List<Integer> sizes, String name) {
        if (out.size() + cids.size() > MAX_FILE_CHUNKS) throw new TreeFormatException("file '" + name + "' has more than " + MAX_FILE_CHUNKS + " chunks");
        for (int i = 0; i < cids.size(); i++) {
            int len = sizes.get(i);
            if (len <= 0 || len > BlockCodec.MAX_PLAINTEXT) throw new TreeFormatException("file '" + name + "' has a chunk of invalid length " + Integer.toUnsignedString(len));
            out.add(new ChunkRef(cid(cids.get(i), "chunk of '" + name + "'"), len));
        }
    }

    private static Cid cid(ByteString bytes, String what) {
        Cid cid;
        try {
            cid = Cid.fromBytes(bytes.toByteArray());
        } catch (FormatException e) {
            throw new TreeFormatException("invalid CID for " + what + ": " + e.getMessage(), e);
        }
        if (cid.codec() != Cid.RAW) throw new TreeFormatException("CID for " + what + " is not a raw-block CID: " + cid);
        return cid;
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new TreeFormatException("name or target is not valid UTF-8", e);
        }
    }
}
