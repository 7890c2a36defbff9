package io.phoenix.protocol.block;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A few reusable objects (native contexts, large buffers) shared by every thread: {@link #take}n
 * for one call and {@link #give}n back at its end. Unlike a {@link ThreadLocal} it does not make one
 * per virtual thread, and it never holds more than {@code maxIdle}: what is given back beyond that
 * is dropped (closed). Thread safe.
 */
final class Reusables<T> {
    private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final Supplier<T> make;
    private final Consumer<T> drop;
    private final int maxIdle;

    Reusables(Supplier<T> make, Consumer<T> drop, int maxIdle) {
        this.make = make;
        this.drop = drop;
        this.maxIdle = maxIdle;
    }

    T take() {
        T t = idle.poll();
        if (t == null) return make.get();
        idleCount.decrementAndGet();
        return t;
    }

    void give(T t) {
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            drop.accept(t);
            return;
        }
        idle.offer(t);
    }
}
