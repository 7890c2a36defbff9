package io.phoenix.node.store;

import java.util.Random;

/** Deterministic random block contents for the store tests (the same bytes in every store's tests and child processes). */
public final class TestBlocks {
    private TestBlocks() {}

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
