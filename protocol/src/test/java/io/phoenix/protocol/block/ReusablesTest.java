package io.phoenix.protocol.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReusablesTest {
    @Test
    void givenBackObjectsAreTakenAgain() {
        AtomicInteger made = new AtomicInteger();
        Reusables<Object> r = new Reusables<>(() -> {
            made.incrementAndGet();
            return new Object();
        }, o -> {}, 4);
        Object a = r.take();
        r.give(a);
        assertSame(a, r.take());
        assertEquals(1, made.get());
    }

    @Test
    void beyondTheIdleLimitObjectsAreDroppedAndClosed() {
        List<Object> dropped = new ArrayList<>();
        Reusables<Object> r = new Reusables<>(Object::new, dropped::add, 2);
        List<Object> taken = List.of(r.take(), r.take(), r.take(), r.take());
        taken.forEach(r::give);
        assertEquals(2, dropped.size());
        r.take();
        r.take();
        r.take(); // the two idle ones, then a new one
        assertEquals(2, dropped.size());
    }
}
