package io.phoenix.protocol.spill;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * Unmaps a buffer at once rather than whenever the collector gets to it, so that a temporary file
 * gives its disk space back when it is closed. The caller guarantees that nothing reads the buffer
 * afterwards; {@code buffer} is a mapping itself, not a slice of one. The one use of {@code sun.misc.Unsafe} in the code base: the pack store's index runs,
 * sorted scratch records and the fetch's mapped position sets and indexes unmap through it.
 */
public final class Unmapper {
    private static final Unsafe UNSAFE = unsafe();

    private Unmapper() {}

    public static void unmap(ByteBuffer buffer) {
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
