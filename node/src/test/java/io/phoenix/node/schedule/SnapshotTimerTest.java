package io.phoenix.node.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.time.VirtualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The snapshot timer firing on a virtual clock: days of schedule in milliseconds of real time. */
@Timeout(60)
class SnapshotTimerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    final VirtualScheduler virtual = new VirtualScheduler(Instant.parse("2026-11-25T12:00:00Z"));
    final List<String> taken = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong changed = new AtomicLong();
    SnapshotTimer timer;

    @AfterEach
    void close() {
        if (timer != null) timer.close();
        virtual.close();
    }

    /** A target that records each snapshot with the virtual time it was taken at, and reports it back like the daemon's Snapshotter. */
    SnapshotTimer.Target target(boolean failFirst) {
        return new SnapshotTimer.Target() {
            boolean failed;

            @Override
            public void snapshot(String reason) throws IOException {
                if (failFirst && !failed) {
                    failed = true;
                    throw new IOException("disk full (test)");
                }
                taken.add(virtual.now() + " " + reason);
                timer.taken(virtual.now());
            }

            @Override
            public long changedSince(Instant since) {
                return changed.get();
            }
        };
    }

    /** What was taken so far (the schedule goes on in virtual time while the test reads). */
    List<String> taken() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    SnapshotTimer start(SnapshotTriggers.Settings settings, Optional<Instant> last, boolean failFirst) {
        timer = new SnapshotTimer(new SnapshotTriggers(settings, virtual.now(), last), virtual, target(failFirst));
        timer.start();
        return timer;
    }

    @Test
    void theDailySnapshotFiresEveryDayAtItsTime() throws Exception {
        start(new SnapshotTriggers.Settings(LocalTime.of(2, 0), 0, Duration.ofMinutes(5)), Optional.of(Instant.parse("2026-11-25T02:00:01Z")), false);
        virtual.runUntil(() -> taken.size() >= 3, WAIT);
        assertEquals(List.of("2026-11-26T02:00:00Z daily schedule", "2026-11-27T02:00:00Z daily schedule",
                "2026-11-28T02:00:00Z daily schedule"), taken().subList(0, 3));
    }

    @Test
    void aMissedRunIsCaughtUpAtStartThenTheDailyScheduleGoesOn() throws Exception {
        start(new SnapshotTriggers.Settings(LocalTime.of(2, 0), 0, Duration.ofMinutes(5)), Optional.of(Instant.parse("2026-11-20T02:00:00Z")), false);
        virtual.runUntil(() -> taken.size() >= 2, WAIT);
        List<String> taken = taken();
        assertTrue(taken.get(0).startsWith("2026-11-25T12:00:00Z catch-up: the daily snapshot due at 2026-11-25T02:00:00Z was missed"), taken.get(0));
        assertEquals("2026-11-26T02:00:00Z daily schedule", taken.get(1));
    }

    @Test
    void theAnomalyTriggerFiresWhenEnoughChanged() throws Exception {
        start(new SnapshotTriggers.Settings(null, 1_000, Duration.ofMinutes(5)), Optional.empty(), false);
        changed.set(10);
        virtual.runUntil(() -> virtual.elapsed().compareTo(Duration.ofMinutes(16)) >= 0, WAIT);
        assertEquals(List.of(), taken(), "below the threshold nothing is taken");
        changed.set(5_000);
        virtual.runUntil(() -> !taken.isEmpty(), WAIT);
        String first = taken().get(0);
        assertEquals("anomaly trigger: 5000 bytes changed", first.substring(first.indexOf(' ') + 1));
    }

    @Test
    void aFailedScheduledSnapshotDoesNotStopTheSchedule() throws Exception {
        start(new SnapshotTriggers.Settings(LocalTime.of(2, 0), 0, Duration.ofMinutes(5)), Optional.of(Instant.parse("2026-11-25T02:00:01Z")), true);
        virtual.runUntil(() -> !taken.isEmpty(), WAIT);
        assertEquals("2026-11-27T02:00:00Z daily schedule", taken().get(0), "the run of the 26th failed; the 27th's ran");
    }
}
