package io.phoenix.protocol.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real scheduler: timers on real time (bounds are generous; nothing here measures speed). */
class SystemSchedulerTest {
    final SystemScheduler scheduler = new SystemScheduler();

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void aSlowActionDoesNotHoldUpAnotherTimer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        scheduler.schedule(Duration.ZERO, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        scheduler.schedule(Duration.ofMillis(10), second::countDown);
        assertTrue(second.await(10, TimeUnit.SECONDS), "the second timer waited for the first action");
        release.countDown();
    }

    @Test
    void aFixedDelayTimerRepeatsUntilCancelledAndThenJoins() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Task t = scheduler.scheduleWithFixedDelay(Duration.ZERO, Duration.ofMillis(5), () -> {
            runs.incrementAndGet();
            three.countDown();
        });
        assertTrue(three.await(10, TimeUnit.SECONDS));
        t.cancel();
        assertTrue(t.join(Duration.ofSeconds(10)));
        assertTrue(t.isDone());
        int after = runs.get();
        Thread.sleep(50); // nothing to wait for: proving that nothing more happens
        assertEquals(after, runs.get());
    }

    @Test
    void aFailingActionDoesNotStopItsTimer() throws Exception {
        CountDownLatch two = new CountDownLatch(2);
        Task t = scheduler.scheduleWithFixedDelay(Duration.ZERO, Duration.ofMillis(5), () -> {
            two.countDown();
            throw new IllegalStateException("expected in this test");
        });
        assertTrue(two.await(10, TimeUnit.SECONDS));
        t.cancel();
    }

    @Test
    void aTimerArmedAfterCloseNeverFiresAndIsDone() throws Exception {
        scheduler.close();
        AtomicInteger runs = new AtomicInteger();
        Task t = scheduler.schedule(Duration.ZERO, runs::incrementAndGet);
        assertTrue(t.join(Duration.ofSeconds(1)));
        assertEquals(0, runs.get());
    }

    @Test
    void awaitReturnsTheValueOrTimesOut() throws Exception {
        var f = new CompletableFuture<String>();
        scheduler.schedule(Duration.ofMillis(5), () -> f.complete("done"));
        assertEquals("done", scheduler.await(f, Duration.ofSeconds(10)));
        var never = new CompletableFuture<String>();
        assertThrows(TimeoutException.class,
                () -> scheduler.await(never, Duration.ofMillis(20)));
    }
}
