package io.phoenix.protocol.crypto;

/**
 * Argon2id cost parameters, stored in every {@link PassphraseBox} header.
 *
 * @param memoryKiB   memory in KiB (8 x parallelism .. {@link #MAX_MEMORY_KIB})
 * @param iterations  passes (1 .. {@link #MAX_ITERATIONS})
 * @param parallelism lanes (1 .. {@link #MAX_PARALLELISM})
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    public static final int MAX_MEMORY_KIB = 1024 * 1024;
    public static final int MAX_ITERATIONS = 64;
    public static final int MAX_PARALLELISM = 16;
    /** 64 MiB, 3 passes, 1 lane (RFC 9106 second recommendation, one lane). */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

    public Argon2Params {
        String p = problem(memoryKiB, iterations, parallelism);
        if (p != null) throw new IllegalArgumentException(p);
    }

    static String problem(long memoryKiB, long iterations, long parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) return "Argon2 parallelism " + parallelism + " outside 1.." + MAX_PARALLELISM;
        if (iterations < 1 || iterations > MAX_ITERATIONS) return "Argon2 iterations " + iterations + " outside 1.." + MAX_ITERATIONS;
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) return "Argon2 memory " + memoryKiB + " KiB outside " + 8 * parallelism + ".." + MAX_MEMORY_KIB;
        return null;
    }
}
