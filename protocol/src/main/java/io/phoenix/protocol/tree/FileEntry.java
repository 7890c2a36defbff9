package io.phoenix.protocol.tree;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A regular file.
 *
 * @param size   length in bytes (the sum of the chunk lengths)
 * @param chunks the file's chunks in order (resolved: a reader has already read any chunk lists)
 * @param digest the 32-byte {@link FileDigest} of the content
 */
public record FileEntry(String name, int mode, long mtimeNanos, long size, List<ChunkRef> chunks, byte[] digest)
        implements TreeEntry {
    public FileEntry {
        TreeNames.check(name);
        TreeNames.checkMode(mode);
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(digest, "digest");
        if (digest.length != FileDigest.LENGTH) throw new IllegalArgumentException("digest must be 32 bytes");
        digest = digest.clone();
        long sum = 0;
        for (ChunkRef c : chunks) sum += c.length();
        if (sum != size) throw new IllegalArgumentException("size " + size + " differs from the sum of chunk lengths " + sum);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileEntry f && f.name.equals(name) && f.mode == mode && f.mtimeNanos == mtimeNanos
                && f.size == size && f.chunks.equals(chunks) && Arrays.equals(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mode, mtimeNanos, size, chunks, Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return "FileEntry[" + name + ", mode=" + Integer.toOctalString(mode) + ", size=" + size + ", chunks=" + chunks.size() + "]";
    }
}
