package io.phoenix.protocol.exchange.mapped;

import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import sun.misc.Unsafe;

/**
 * Unmaps a buffer at once rather than whenever the collector gets to it, so that a temporary file
 * gives its disk space back when it is closed. The caller guarantees that nothing reads the buffer
 * afterwards (every mapped type here checks its {@code closed} flag under its own lock).
 */
final class Unmapper {
    private static final Unsafe UNSAFE = unsafe();

    private Unmapper() {}

    static void unmap(MappedByteBuffer buffer) {
        if (buffer != null) UNSAFE.invokeCleaner(buffer);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
