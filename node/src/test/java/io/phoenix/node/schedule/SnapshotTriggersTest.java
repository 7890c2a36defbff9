package io.phoenix.node.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.node.schedule.SnapshotTriggers.MeasureChanges;
import io.phoenix.node.schedule.SnapshotTriggers.Settings;
import io.phoenix.node.schedule.SnapshotTriggers.TakeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snapshot triggers in plain virtual time: the test says what time it is. */
class SnapshotTriggersTest {
    static final LocalTime TWO = LocalTime.of(2, 0);
    static final Settings DAILY = new Settings(TWO, 0, Duration.ofMinutes(5));

    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void nextDailyIsLaterTodayOrTomorrow() {
        assertEquals(t("2026-11-25T02:00:00Z"), SnapshotTriggers.nextDaily(t("2026-11-25T01:59:59Z"), TWO));
        assertEquals(t("2026-11-26T02:00:00Z"), SnapshotTriggers.nextDaily(t("2026-11-25T02:00:00Z"), TWO));
        assertEquals(t("2026-11-26T02:00:00Z"), SnapshotTriggers.nextDaily(t("2026-11-25T20:00:00Z"), TWO));
    }

    @Test
    void dailyRunsAtTheTimeEveryDay() {
        var tr = new SnapshotTriggers(DAILY, t("2026-11-25T12:00:00Z"), Optional.of(t("2026-11-25T02:00:05Z")));
        assertEquals(Optional.of(t("2026-11-26T02:00:00Z")), tr.nextWake());
        assertEquals(List.of(), tr.due(t("2026-11-26T01:59:59Z")));
        assertEquals(List.of(new TakeSnapshot("daily schedule")), tr.due(t("2026-11-26T02:00:00Z")));
        assertEquals(Optional.of(t("2026-11-27T02:00:00Z")), tr.nextWake());
        // a run that took long and woke late still aims at the next day's time
        assertEquals(List.of(new TakeSnapshot("daily schedule")), tr.due(t("2026-11-27T02:40:00Z")));
        assertEquals(Optional.of(t("2026-11-28T02:00:00Z")), tr.nextWake());
    }

    @Test
    void aMissedDailyRunIsCaughtUpOnceAtStart() {
        // down from before 02:00 on the 25th until the 28th: three runs missed, one catch-up
        Instant start = t("2026-11-28T09:30:00Z");
        var tr = new SnapshotTriggers(DAILY, start, Optional.of(t("2026-11-24T02:00:03Z")));
        assertEquals(Optional.of(start), tr.nextWake());
        List<SnapshotTriggers.Action> first = tr.due(start);
        assertEquals(1, first.size());
        assertTrue(((TakeSnapshot) first.get(0)).reason().startsWith("catch-up: the daily snapshot due at 2026-11-28T02:00:00Z was missed"),
                first.toString());
        assertEquals(List.of(), tr.due(start));
        assertEquals(Optional.of(t("2026-11-29T02:00:00Z")), tr.nextWake());
    }

    @Test
    void nothingToCatchUpWhenTheLastRunWasTaken() {
        var tr = new SnapshotTriggers(DAILY, t("2026-11-28T09:30:00Z"), Optional.of(t("2026-11-28T02:00:04Z")));
        assertEquals(Optional.of(t("2026-11-29T02:00:00Z")), tr.nextWake());
    }

    @Test
    void aWriterThatNeverSnapshottedHasNothingToCatchUp() {
        var tr = new SnapshotTriggers(DAILY, t("2026-11-28T09:30:00Z"), Optional.empty());
        assertEquals(Optional.of(t("2026-11-29T02:00:00Z")), tr.nextWake());
    }

    @Test
    void aCatchUpAndADailyRunFallingTogetherMakeOneSnapshot() {
        Instant start = t("2026-11-28T01:59:59Z");
        var tr = new SnapshotTriggers(DAILY, start, Optional.of(t("2026-11-20T02:00:00Z")));
        assertEquals(1, tr.due(t("2026-11-28T02:00:00Z")).size());
    }

    @Test
    void anomalyTriggerMeasuresChangesSinceTheLastSnapshot() {
        Instant start = t("2026-11-25T12:00:00Z");
        var tr = new SnapshotTriggers(new Settings(null, 1_000, Duration.ofMinutes(5)), start, Optional.empty());
        assertEquals(Optional.of(start.plus(Duration.ofMinutes(5))), tr.nextWake());
        assertEquals(List.of(new MeasureChanges(start)), tr.due(start.plus(Duration.ofMinutes(5))));
        assertEquals(Optional.empty(), tr.measured(999));
        assertEquals(Optional.of(new TakeSnapshot("anomaly trigger: 1000 bytes changed")), tr.measured(1_000));
        Instant taken = start.plus(Duration.ofMinutes(6));
        tr.taken(taken);
        assertEquals(List.of(new MeasureChanges(taken)), tr.due(start.plus(Duration.ofMinutes(10))));
    }

    @Test
    void noTriggerMeansNoWake() {
        var tr = new SnapshotTriggers(new Settings(null, 0, Duration.ofMinutes(5)), t("2026-11-25T12:00:00Z"), Optional.of(Instant.EPOCH));
        assertEquals(Optional.empty(), tr.nextWake());
        assertEquals(List.of(), tr.due(t("2030-01-01T00:00:00Z")));
    }
}
