package io.phoenix.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.chunk.Chunker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkBuffersTest {
    @Test
    void buffersHoldALargestChunkAndAreReused() {
        ChunkBuffers b = new ChunkBuffers(2);
        byte[] first = b.take();
        assertEquals(Chunker.MAX_SIZE, first.length);
        b.give(first);
        assertSame(first, b.take());
    }

    @Test
    void takeWaitsWhileEveryBufferIsInFlight() throws Exception {
        ChunkBuffers b = new ChunkBuffers(1);
        byte[] only = b.take();
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(b::take);
        assertFalse(waiting.isDone());
        b.give(only);
        assertSame(only, waiting.get(10, TimeUnit.SECONDS));
        assertTrue(waiting.isDone());
    }
}
