package io.phoenix.protocol.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SuppressWarnings("try") // try (var held = virtual.hold()) { ... }: the hold is the point, not the variable
@Timeout(60)
class VirtualSchedulerTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(20);
    final VirtualScheduler virtual = new VirtualScheduler(START);

    @AfterEach
    void close() {
        virtual.close();
    }

    static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }

    @Test
    void timersFireInDeadlineOrderAtTheirVirtualTime() throws Exception {
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        Task last;
        try (var held = virtual.hold()) {
            virtual.schedule(Duration.ofSeconds(3), () -> fired.add("c@" + virtual.elapsed()));
            virtual.schedule(Duration.ofSeconds(1), () -> fired.add("a@" + virtual.elapsed()));
            last = virtual.schedule(Duration.ofSeconds(5), () -> fired.add("d@" + virtual.elapsed()));
            virtual.schedule(Duration.ofSeconds(2), () -> fired.add("b@" + virtual.elapsed()));
        }
        virtual.runUntil(last::isDone, WAIT);
        assertEquals(List.of("a@PT1S", "b@PT2S", "c@PT3S", "d@PT5S"), fired);
        assertEquals(START.plusSeconds(5), virtual.now());
        assertEquals(seconds(5), virtual.nanoTime());
    }

    @Test
    void anHourOfSleepTakesMillisecondsOfRealTime() throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<Long> woke = new CompletableFuture<>();
        virtual.start("sleeper", () -> {
            try {
                virtual.sleep(Duration.ofHours(1));
                woke.complete(virtual.nanoTime());
            } catch (InterruptedException e) {
                woke.completeExceptionally(e);
            }
        });
        assertEquals(Duration.ofHours(1).toNanos(), virtual.get(woke, WAIT));
        long realMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(realMillis < 2_000, "an hour of virtual sleep took " + realMillis + " ms");
    }

    @Test
    void aSignalledThreadIsBusyBeforeItRunsSoTheClockWaitsForIt() throws Exception {
        // the signaller goes to sleep for an hour right after signalling: were the woken thread
        // not counted busy at once, the clock could jump that hour before it ran
        for (int round = 0; round < 200; round++) {
            Monitor m = virtual.newMonitor();
            AtomicBoolean ready = new AtomicBoolean();
            CompletableFuture<Long> seen = new CompletableFuture<>();
            long before = virtual.nanoTime();
            try (var held = virtual.hold()) {
                virtual.start("waiter", () -> {
                    m.lock();
                    try {
                        while (!ready.get()) m.await();
                        seen.complete(virtual.nanoTime());
                    } catch (InterruptedException e) {
                        seen.completeExceptionally(e);
                    } finally {
                        m.unlock();
                    }
                });
                virtual.start("signaller", () -> {
                    try {
                        virtual.sleep(Duration.ofMillis(1));
                        m.lock();
                        try {
                            ready.set(true);
                            m.signalAll();
                        } finally {
                            m.unlock();
                        }
                        virtual.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertEquals(before + Duration.ofMillis(1).toNanos(), virtual.get(seen, WAIT), "round " + round);
            virtual.awaitQuiescence(WAIT);
        }
    }

    @Test
    void aThreadStartedByABusyThreadIsBusyFromTheStart() throws Exception {
        for (int round = 0; round < 200; round++) {
            CompletableFuture<Long> seen = new CompletableFuture<>();
            long before = virtual.nanoTime();
            virtual.start("parent", () -> {
                virtual.start("child", () -> {
                    spin(Duration.ofNanos(100_000)); // real work, no wait
                    seen.complete(virtual.nanoTime());
                });
                try {
                    virtual.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(before, virtual.get(seen, WAIT), "round " + round);
            virtual.awaitQuiescence(WAIT);
        }
    }

    @Test
    void timedMonitorWaitsTimeOutExactlyAndReportWhatIsLeft() throws Exception {
        Monitor m = virtual.newMonitor();
        CompletableFuture<List<Long>> out = new CompletableFuture<>();
        virtual.start("timed", () -> {
            m.lock();
            try {
                long left = m.awaitNanos(seconds(7));
                long at = virtual.nanoTime();
                out.complete(List.of(left, at));
            } catch (InterruptedException e) {
                out.completeExceptionally(e);
            } finally {
                m.unlock();
            }
        });
        assertEquals(List.of(0L, seconds(7)), virtual.get(out, WAIT));
    }

    @Test
    void aThreadWaitingForALockHeldBySleeperLetsTheClockMove() throws Exception {
        Monitor m = virtual.newMonitor();
        CompletableFuture<Long> got = new CompletableFuture<>();
        try (var held = virtual.hold()) {
            virtual.start("holder", () -> {
                m.lock();
                try {
                    virtual.sleep(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    m.unlock();
                }
            });
            virtual.start("entering", () -> {
                try {
                    virtual.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    return;
                }
                m.lock();
                try {
                    got.complete(virtual.nanoTime());
                } finally {
                    m.unlock();
                }
            });
        }
        assertEquals(seconds(2), virtual.get(got, WAIT));
    }

    @Test
    void timersDueAtTheSameInstantRunInCreationOrderEveryTime() throws Exception {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            try (VirtualScheduler v = new VirtualScheduler(START)) {
                List<Integer> order = Collections.synchronizedList(new ArrayList<>());
                Task last = null;
                try (var held = v.hold()) {
                    for (int i = 0; i < 50; i++) {
                        int n = i;
                        // three instants, interleaved at creation: 1 s, 2 s, 1 s, 3 s, ...
                        last = v.schedule(Duration.ofSeconds(1 + (i * 7) % 3), () -> order.add(n));
                    }
                    v.start("sleeper", () -> {
                        try {
                            v.sleep(Duration.ofSeconds(2));
                            order.add(-1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                v.awaitQuiescence(WAIT);
                assertTrue(last.isDone());
                runs.add(List.copyOf(order));
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            for (int i = 0; i < 50; i++) if (1 + (i * 7) % 3 == s) expected.add(i);
            if (s == 2) expected.add(-1); // the sleep was made after the timers due at 2 s
        }
        for (List<Integer> r : runs) assertEquals(expected, r);
    }

    @Test
    void aFixedDelayTimerRepeatsFromTheEndOfEachRunUntilCancelled() throws Exception {
        List<Long> at = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Task> self = new CompletableFuture<>();
        Task t = virtual.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> {
            at.add(virtual.nanoTime());
            if (at.size() == 3) self.join().cancel(); // interrupts this run's sleep; no fourth run
            try {
                virtual.sleep(Duration.ofSeconds(2)); // a run that takes time: the next counts from its end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        self.complete(t);
        virtual.runUntil(t::isDone, WAIT);
        virtual.awaitQuiescence(WAIT);
        assertEquals(List.of(seconds(1), seconds(13), seconds(25)), at);
        assertEquals(seconds(25), virtual.nanoTime());
    }

    @Test
    void joinWaitsInVirtualTime() throws Exception {
        CompletableFuture<List<Object>> out = new CompletableFuture<>();
        virtual.start("joiner", () -> {
            try {
                Task worker = virtual.start("worker", () -> {
                    try {
                        virtual.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                boolean early = worker.join(Duration.ofMinutes(1));
                long t1 = virtual.nanoTime();
                boolean late = worker.join(Duration.ofHours(1));
                out.complete(List.of(early, t1, late, virtual.nanoTime()));
            } catch (InterruptedException e) {
                out.completeExceptionally(e);
            }
        });
        assertEquals(List.of(false, seconds(60), true, seconds(300)), virtual.get(out, WAIT));
    }

    @Test
    void holdKeepsTheClockStillWhileATestSetsUp() throws Exception {
        try (var held = virtual.hold()) {
            virtual.scheduleWithFixedDelay(Duration.ofMillis(1), Duration.ofMillis(1), () -> {});
            spin(Duration.ofMillis(50)); // real time passes, virtual time must not
            assertEquals(0, virtual.nanoTime());
        }
        virtual.runUntil(() -> virtual.nanoTime() >= Duration.ofMillis(100).toNanos(), WAIT);
    }

    @Test
    void aThreadBlockedOutsideTheSchedulerIsReportedByName() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (VirtualScheduler v = new VirtualScheduler(START, Duration.ofMillis(300))) {
            v.start("stuck-on-a-jdk-latch", () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Task timer = v.schedule(Duration.ofSeconds(1), () -> {});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.runUntil(timer::isDone, WAIT));
            assertTrue(e.getMessage().contains("'stuck-on-a-jdk-latch' at "), e.getMessage());
            assertTrue(e.getMessage().contains("CountDownLatch.await"), e.getMessage());
            assertFalse(timer.isDone());
            assertEquals(0, v.nanoTime());
        } finally {
            never.countDown();
        }
    }

    @Test
    void aLongQuietSpellBeforeSomeWorkIsNotAStall() throws Exception {
        try (VirtualScheduler v = new VirtualScheduler(START, Duration.ofMillis(200))) {
            spin(Duration.ofMillis(300)); // the system is quiescent meanwhile
            Task work = v.start("work", () -> spin(Duration.ofMillis(50)));
            v.runUntil(work::isDone, WAIT);
        }
    }

    @Test
    void runUntilInsideAHoldIsRefused() throws Exception {
        try (var held = virtual.hold()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> virtual.runUntil(() -> false, WAIT));
            assertTrue(e.getMessage().contains("inside hold()"), e.getMessage());
        }
    }

    /** Lets real time pass without waiting on anything. */
    static void spin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    @Test
    void waitingForAConditionThatCanNoLongerComeTrueFailsFast() {
        try (VirtualScheduler v = new VirtualScheduler(START, Duration.ofMillis(200))) {
            long t0 = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.runUntil(() -> false, WAIT));
            assertTrue(e.getMessage().contains("nothing busy and nothing scheduled"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < WAIT.toNanos() / 2);
        }
    }

    @Test
    void cancelInterruptsAWaitingThreadAndCloseEndsEverything() throws Exception {
        AtomicLong interruptedAt = new AtomicLong(-1);
        Monitor m = virtual.newMonitor();
        Task t = virtual.start("forever", () -> {
            m.lock();
            try {
                m.await();
            } catch (InterruptedException e) {
                interruptedAt.set(virtual.nanoTime());
            } finally {
                m.unlock();
            }
        });
        Task timer = virtual.schedule(Duration.ofSeconds(30), t::cancel);
        // The timer's task ends after its cancel() returns, which may be after t has ended.
        virtual.runUntil(() -> t.isDone() && timer.isDone(), WAIT);
        assertEquals(seconds(30), interruptedAt.get());
        Task never;
        Task sleeper;
        try (var held = virtual.hold()) {
            never = virtual.schedule(Duration.ofDays(1), () -> {});
            sleeper = virtual.start("sleeper", () -> {
                try {
                    virtual.sleep(Duration.ofDays(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            never.cancel();
        }
        virtual.runUntil(() -> virtual.nanoTime() == seconds(30) + Duration.ofDays(2).toNanos(), WAIT);
        virtual.runUntil(sleeper::isDone, WAIT);
        assertTrue(never.isDone());
    }
}
