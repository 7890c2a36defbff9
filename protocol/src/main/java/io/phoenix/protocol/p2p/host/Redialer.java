package io.phoenix.protocol.p2p.host;

import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.time.Scheduler;
import io.phoenix.protocol.time.Task;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.Random;

/**
 * The peers a host keeps connected ({@link Libp2pHost#keepConnected}): each is dialled at once and,
 * whenever the attempt fails or its last connection drops, again after the {@link Backoff} of its
 * attempt count (reset by a success), on a timer of the scheduler. Thread-safe.
 */
final class Redialer {
    private static final System.Logger LOG = System.getLogger(Redialer.class.getName());

    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Random random;
    private final Function<Multiaddr, CompletableFuture<?>> dial;
    private final Predicate<PeerId> connected;
    /** Failed attempts in a row per kept peer. */
    private final Map<PeerId, Integer> attempts = new ConcurrentHashMap<>();
    private final Map<PeerId, Multiaddr> addresses = new ConcurrentHashMap<>();
    private final Map<PeerId, Task> timers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Redialer(Scheduler scheduler, Backoff backoff, Random random, Function<Multiaddr, CompletableFuture<?>> dial,
             Predicate<PeerId> connected) {
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.random = random;
        this.dial = dial;
        this.connected = connected;
    }

    /** Keeps {@code peer} (at {@code address}, without /p2p) connected from now on. */
    void keep(PeerId peer, Multiaddr address) {
        addresses.put(peer, address);
        attempts.put(peer, 0);
        redial(peer);
    }

    /** Stops keeping {@code peer} connected (an explicit disconnect). */
    void forget(PeerId peer) {
        attempts.remove(peer);
        addresses.remove(peer);
        Task t = timers.remove(peer);
        if (t != null) t.cancel();
    }

    /** The last connection to {@code peer} closed: redial it if it is kept. */
    void dropped(PeerId peer) {
        Integer attempt = attempts.get(peer);
        if (attempt != null && !closed) schedule(peer, backoff.delay(attempt, random));
    }

    void close() {
        closed = true;
        attempts.clear();
        timers.values().forEach(Task::cancel);
        timers.clear();
    }

    private void redial(PeerId peer) {
        Integer attempt = attempts.get(peer);
        Multiaddr addr = addresses.get(peer);
        if (attempt == null || addr == null || closed || connected.test(peer)) return;
        dial.apply(addr.withPeer(peer)).whenComplete((c, err) -> {
            if (err == null) {
                attempts.computeIfPresent(peer, (p, a) -> 0);
                return;
            }
            Integer a = attempts.computeIfPresent(peer, (p, n) -> n + 1);
            if (a == null || closed) return;
            Duration d = backoff.delay(a - 1, random);
            LOG.log(System.Logger.Level.DEBUG, "redial {0} in {1}: {2}", peer, d, err.getMessage());
            schedule(peer, d);
        });
    }

    /** Redials {@code peer} after {@code delay}; the timer is cancelled on {@link #forget} and {@link #close}. */
    private void schedule(PeerId peer, Duration delay) {
        Task t = scheduler.schedule(delay, () -> redial(peer));
        Task old = timers.put(peer, t);
        if (old != null) old.cancel();
        if (closed || !attempts.containsKey(peer)) {
            timers.remove(peer, t);
            t.cancel();
        }
    }
}
