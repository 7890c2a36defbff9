package io.phoenix.node.snapshot;

import java.util.Arrays;
import java.util.List;

/**
 * The chunk boundaries the previous run found in a file that has changed since, for reuse where
 * the content has not. A boundary of content-defined chunking depends only on the bytes from the
 * chunk's start to its end (docs/format.md section 2: the hash starts afresh at each chunk and cuts
 * at the first match, or at the maximum size). So where the chunker stands at an offset at which a
 * previous chunk started, and the next {@code length} bytes have that chunk's plaintext MAC, the
 * chunker would cut exactly there again: the cut is taken without scanning, and the MAC computed to
 * prove it is the chunk's MAC, so nothing is hashed twice. The previous file's last chunk is never
 * reused (it may have been cut by the end of the file, not by its content). An appended log is then
 * hashed, not scanned, up to its old end; a file rewritten in place lines up again after the
 * rewritten region, where the real chunker comes back to the old boundaries at the old offsets.
 */
final class PreviousChunks {
    private final List<SavedChunk> chunks;
    private final long[] starts;

    PreviousChunks(List<SavedChunk> chunks) {
        this.chunks = chunks;
        this.starts = new long[chunks.size()];
        long at = 0;
        for (int i = 0; i < chunks.size(); i++) {
            starts[i] = at;
            at += chunks.get(i).length();
        }
    }

    /** The index of the reusable previous chunk that starts at {@code offset}, or -1. */
    int startingAt(long offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 && i < chunks.size() - 1 ? i : -1;
    }

    /** The chunk after {@code index} when it is reusable, else -1. */
    int next(int index) {
        return index + 1 < chunks.size() - 1 ? index + 1 : -1;
    }

    SavedChunk get(int index) {
        return chunks.get(index);
    }
}
