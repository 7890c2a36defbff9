package io.phoenix.protocol.exchange;

import java.io.IOException;

/**
 * Where a fetch pulls its wanted blocks from, in priority order, a few at a time: the fetch keeps
 * at most {@link FetchConfig#maxLiveWants} of them in the heap and pulls more as blocks complete,
 * so a 20-million-block snapshot is never a list. Implementations: {@link SnapshotWants} (index
 * order, lists, concatenation) and the node's tree walk (layer order). Used by one thread at a
 * time (the fetch's driver).
 */
public interface WantSource extends AutoCloseable {
    /** The next block to want if one is ready now, else null ({@link #exhausted} tells whether more will come). */
    Wanted poll() throws IOException;

    /** True once {@link #poll} will never return anything again. */
    boolean exhausted();

    /** {@code ready} is run (on any thread) whenever {@link #poll} may return something after it returned null. */
    default void onReady(Runnable ready) {}

    @Override
    default void close() {}
}
