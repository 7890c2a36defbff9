package io.phoenix.node.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a writer takes snapshots by itself: pure, the caller passes {@code now}. Three triggers:
 * <ul>
 *   <li><b>daily</b> at a UTC time of day;</li>
 *   <li><b>catch-up</b>: if the node was down when a daily run was due (the latest daily time before
 *       the start is after this writer's last snapshot), one snapshot at start, however many runs
 *       were missed;</li>
 *   <li><b>anomaly</b>: every {@code anomalyCheck}, the change volume since the last snapshot (or
 *       since the node started) is measured; reaching {@code anomalyBytes} takes a snapshot.</li>
 * </ul>
 * The binding ({@link SnapshotTimer}) wakes at {@link #nextWake()}, performs the {@link #due}
 * actions, reports measurements to {@link #measured} and every snapshot (on demand ones too) to
 * {@link #taken}. Not thread-safe.
 */
public final class SnapshotTriggers {
    /**
     * @param dailyAt      UTC time of the daily snapshot, or null for none
     * @param anomalyBytes change volume that triggers a snapshot, 0 = no anomaly trigger
     * @param anomalyCheck how often the change volume is measured
     */
    public record Settings(LocalTime dailyAt, long anomalyBytes, Duration anomalyCheck) {
        public Settings {
            if (anomalyBytes < 0) throw new IllegalArgumentException("anomaly bytes cannot be negative");
            if (anomalyBytes > 0 && (anomalyCheck.isNegative() || anomalyCheck.isZero())) {
                throw new IllegalArgumentException("the anomaly check interval must be positive");
            }
        }
    }

    public sealed interface Action {}

    /** Take a snapshot now; {@code reason} goes to the log. */
    public record TakeSnapshot(String reason) implements Action {}

    /** Measure the bytes changed since {@code since} and report them to {@link #measured}. */
    public record MeasureChanges(Instant since) implements Action {}

    private final Settings settings;
    private Instant changesSince;
    private Instant nextDaily;
    private Instant nextCheck;
    private Instant catchUpAt;
    private String catchUpReason;

    /**
     * @param now       when the node starts
     * @param lastTaken when this writer last took a snapshot, if ever (a writer that never did has nothing to catch up)
     */
    public SnapshotTriggers(Settings settings, Instant now, Optional<Instant> lastTaken) {
        this.settings = settings;
        this.changesSince = now;
        if (settings.dailyAt() != null) {
            nextDaily = nextDaily(now, settings.dailyAt());
            Instant missed = nextDaily.minus(Duration.ofDays(1));
            if (lastTaken.isPresent() && missed.isAfter(lastTaken.get())) {
                catchUpAt = now;
                catchUpReason = "catch-up: the daily snapshot due at " + missed + " was missed (last snapshot " + lastTaken.get() + ")";
            }
        }
        if (settings.anomalyBytes() > 0) nextCheck = now.plus(settings.anomalyCheck());
    }

    /** The first instant strictly after {@code now} whose UTC time of day is {@code at}. */
    public static Instant nextDaily(Instant now, LocalTime at) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC).with(at);
        if (!t.toInstant().isAfter(now)) t = t.plusDays(1);
        return t.toInstant();
    }

    /** When {@link #due} next has something to do, or empty when no trigger is on. */
    public Optional<Instant> nextWake() {
        Instant w = null;
        for (Instant t : new Instant[] {catchUpAt, nextDaily, nextCheck}) if (t != null && (w == null || t.isBefore(w))) w = t;
        return Optional.ofNullable(w);
    }

    /** What to do at {@code now}: at most one snapshot (a catch-up and a daily run falling together make one), and a measurement. */
    public List<Action> due(Instant now) {
        List<Action> out = new ArrayList<>();
        if (catchUpAt != null && !now.isBefore(catchUpAt)) {
            out.add(new TakeSnapshot(catchUpReason));
            catchUpAt = null;
        }
        if (nextDaily != null && !now.isBefore(nextDaily)) {
            if (out.isEmpty()) out.add(new TakeSnapshot("daily schedule"));
            nextDaily = nextDaily(now, settings.dailyAt());
        }
        if (nextCheck != null && !now.isBefore(nextCheck)) {
            out.add(new MeasureChanges(changesSince));
            nextCheck = now.plus(settings.anomalyCheck());
        }
        return out;
    }

    /** The change volume measured for a {@link MeasureChanges}: a snapshot when it reaches the threshold. */
    public Optional<TakeSnapshot> measured(long changedBytes) {
        if (settings.anomalyBytes() <= 0 || changedBytes < settings.anomalyBytes()) return Optional.empty();
        return Optional.of(new TakeSnapshot("anomaly trigger: " + changedBytes + " bytes changed"));
    }

    /** A snapshot was taken at {@code at} (by a trigger or on demand): changes count from then on. */
    public void taken(Instant at) {
        if (at.isAfter(changesSince)) changesSince = at;
    }
}
