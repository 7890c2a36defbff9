package io.phoenix.protocol.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.tree.proto.TreeProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TreeTest {
    final MemoryTreeBlocks store = new MemoryTreeBlocks();
    final TreeReader reader = new TreeReader(store);

    static Cid chunkCid(int i) {
        return Cid.ofRaw(ByteBuffer.allocate(4).putInt(i).array());
    }

    static FileEntry file(String name, int chunks) {
        List<ChunkRef> refs = new ArrayList<>();
        FileDigest d = new FileDigest();
        byte[] mac = new byte[32];
        for (int i = 0; i < chunks; i++) {
            refs.add(new ChunkRef(chunkCid(i), 500_000 + i));
            mac[0] = (byte) i;
            d.add(mac, 500_000 + i);
        }
        return new FileEntry(name, 0644, 1_700_000_000_123_456_789L, d.size(), refs, d.finish());
    }

    @Test
    void directoryRoundTrips() throws IOException {
        Cid empty = DirectoryWriter.write(store, List.of());
        List<TreeEntry> entries = List.of(
                file("b.bin", 3),
                new DirectoryEntry("a-dir", 0755, 42L, empty),
                new SymlinkEntry("link", 0777, 7L, "../b.bin"),
                file("ünïcode ✓", 0));
        Cid root = DirectoryWriter.write(store, entries);
        List<TreeEntry> back = reader.list(root);
        List<TreeEntry> sorted = new ArrayList<>(entries);
        sorted.sort((x, y) -> DirectoryWriter.NAME_ORDER.compare(x.name(), y.name()));
        assertEquals(sorted, back);
        assertEquals(List.of(), reader.list(empty));
        assertEquals(root, DirectoryWriter.write(store, entries), "deterministic");
    }

    @Test
    void largeDirectorySplitsIntoBlocksUnderOneMebibyte() throws IOException {
        DirectoryWriter w = new DirectoryWriter(store);
        int n = 30_000;
        for (int i = 0; i < n; i++) w.add(file(String.format("file-%08d-with-a-fairly-long-name.dat", i), 1));
        Cid root = w.finish();
        assertTrue(store.blocks.size() > 3, "split into parts: " + store.blocks.size());
        assertTrue(store.largest <= 1024 * 1024);
        int[] count = {0};
        reader.forEach(root, e -> count[0]++);
        assertEquals(n, count[0]);
    }

    @Test
    void fileWithManyChunksSpillsIntoChunkLists() throws IOException {
        FileEntry big = file("100GB.bin", 200_000);
        Cid root = DirectoryWriter.write(store, List.of(big));
        assertTrue(store.blocks.size() >= 1 + 200_000 / DirectoryWriter.CHUNKS_PER_LIST);
        assertTrue(store.largest <= 1024 * 1024, "largest " + store.largest);
        FileEntry back = (FileEntry) reader.list(root).get(0);
        assertEquals(big, back);
        Set<Cid> all = new HashSet<>();
        reader.forEachBlock(root, all::add);
        assertTrue(all.containsAll(store.blocks.keySet()));
        assertTrue(all.contains(chunkCid(199_999)));
    }

    @Test
    void outOfOrderOrDuplicateNamesAreRefused() throws IOException {
        DirectoryWriter w = new DirectoryWriter(store);
        w.add(file("b", 0));
        assertThrows(IllegalArgumentException.class, () -> w.add(file("a", 0)));
        assertThrows(IllegalArgumentException.class, () -> w.add(file("b", 0)));
    }

    @Test
    void pathTraversalNamesAreRejectedOnRead() {
        for (String bad : new String[] {"..", ".", "a/b", "", "x\0y"}) {
            TreeProto.Entry e = TreeProto.Entry.newBuilder().setName(ByteString.copyFromUtf8(bad))
                    .setKind(TreeProto.Kind.SYMLINK).setTarget(ByteString.copyFromUtf8("t")).build();
            Cid cid = store.put(TreeProto.TreeBlock.newBuilder().setVersion(1)
                    .setDirectory(TreeProto.Directory.newBuilder().addEntries(e)).build().toByteArray());
            assertThrows(TreeFormatException.class, () -> reader.list(cid), "name '" + bad + "'");
        }
    }

    @Test
    void fileDigestDependsOnOrderLengthAndContent() {
        byte[] m1 = new byte[32];
        byte[] m2 = new byte[32];
        m2[0] = 1;
        byte[] a = new FileDigest().add(m1, 10).add(m2, 20).finish();
        assertArrayEquals(a, new FileDigest().add(m1, 10).add(m2, 20).finish());
        assertTrue(!java.util.Arrays.equals(a, new FileDigest().add(m2, 20).add(m1, 10).finish()));
        assertTrue(!java.util.Arrays.equals(a, new FileDigest().add(m1, 11).add(m2, 19).finish()));
    }
}
