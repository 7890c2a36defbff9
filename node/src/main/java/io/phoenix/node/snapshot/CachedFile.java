package io.phoenix.node.snapshot;

import java.util.List;

/**
 * A file the previous run stored: the stat it had then (size, mtime, ctime, inode, device) and what
 * it was stored as (chunks and whole-file digest). A file whose stat is unchanged is not read again.
 */
public record CachedFile(long size, long mtimeNanos, long ctimeNanos, long inode, long device,
                         List<SavedChunk> chunks, byte[] digest) {

    public static CachedFile of(FileStat st, List<SavedChunk> chunks, byte[] digest) {
        return new CachedFile(st.size(), st.mtimeNanos(), st.ctimeNanos(), st.inode(), st.device(), List.copyOf(chunks), digest);
    }

    /** True when {@code st} has the size, mtime, ctime, inode and device recorded here. */
    public boolean matches(FileStat st) {
        return st.kind() == FileStat.Kind.FILE && st.size() == size && st.mtimeNanos() == mtimeNanos
                && st.ctimeNanos() == ctimeNanos && st.inode() == inode && st.device() == device;
    }
}
