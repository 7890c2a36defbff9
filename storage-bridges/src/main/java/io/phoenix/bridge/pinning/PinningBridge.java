package io.phoenix.bridge.pinning;

import io.phoenix.bridge.Bridge;
import io.phoenix.bridge.BridgeException;
import io.phoenix.bridge.BridgeFailure;
import io.phoenix.bridge.CidVisitor;
import io.phoenix.bridge.PushReport;
import io.phoenix.bridge.Sleeper;
import io.phoenix.bridge.Snapshot;
import io.phoenix.bridge.SnapshotState;
import io.phoenix.bridge.ipfs.IpfsBridge;
import io.phoenix.protocol.multiformats.Cid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Filecoin (and any remote pinning) through the IPFS Pinning Service API. A push first puts the
 * snapshot on our own IPFS node (the {@link IpfsBridge}, resumable), then asks the service to pin
 * the manifest CID with our node's addresses as {@code origins}, and polls until the pin is
 * {@code pinned} (complete), {@code failed} ({@link BridgeFailure#REMOTE_FAILED}) or the
 * configured timeout passes (reported as pending; a later push or status call picks it up). An
 * existing pin request for the same CID is reused, so pushes are idempotent. Blocks are read back
 * through the IPFS node (the service's own retrieval is out of scope here).
 */
public final class PinningBridge implements Bridge {
    private final PinningConfig config;
    private final PinningClient client;
    private final IpfsBridge ipfs;
    private final Clock clock;
    private final Sleeper sleeper;

    public PinningBridge(PinningConfig config, IpfsBridge ipfs, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.client = new PinningClient(config);
        this.ipfs = ipfs;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public PinningBridge(PinningConfig config, IpfsBridge ipfs) {
        this(config.resolveToken(System.getenv()), ipfs, Clock.systemUTC(), Sleeper.REAL);
    }

    @Override
    public String name() {
        return "pinning";
    }

    @Override
    public PushReport push(Snapshot snapshot) throws BridgeException {
        long start = System.nanoTime();
        PushReport onIpfs = ipfs.push(snapshot);
        Cid root = snapshot.root();
        Optional<PinStatus> existing = client.find(root);
        PinStatus pin;
        String name = config.namePrefix() + root;
        if (existing.isPresent() && existing.get().status() != PinStatus.Status.FAILED && name.equals(existing.get().name())) {
            pin = existing.get();
        } else {
            pin = client.add(root, name, ipfs.client().addresses(), Map.of("app", "phoenix"));
        }
        pin = await(pin);
        if (pin.status() == PinStatus.Status.FAILED) {
            throw new BridgeException(BridgeFailure.REMOTE_FAILED, "the pinning service failed to pin " + root
                    + " (request " + pin.requestId() + ")", root, null);
        }
        return new PushReport(name(), root, onIpfs.blocksTotal(), onIpfs.blocksSent(), onIpfs.blocksSkipped(),
                onIpfs.bytesSent(), Duration.ofNanos(System.nanoTime() - start), stateOf(root, Optional.of(pin)));
    }

    /** Polls until the pin is settled or the configured timeout passes. */
    private PinStatus await(PinStatus pin) throws BridgeException {
        Instant deadline = clock.instant().plus(config.pinTimeout());
        while (pin.status() == PinStatus.Status.QUEUED || pin.status() == PinStatus.Status.PINNING) {
            if (!clock.instant().isBefore(deadline)) return pin;
            try {
                sleeper.sleep(config.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BridgeException(BridgeFailure.INTERRUPTED, "interrupted waiting for pin " + pin.requestId(), e);
            }
            pin = client.get(pin.requestId());
        }
        return pin;
    }

    @Override
    public SnapshotState state(Cid root) throws BridgeException {
        return stateOf(root, client.find(root));
    }

    private static SnapshotState stateOf(Cid root, Optional<PinStatus> pin) {
        if (pin.isEmpty()) return new SnapshotState(root, SnapshotState.Status.ABSENT, 0, -1, "no pin request");
        PinStatus p = pin.get();
        SnapshotState.Status s = switch (p.status()) {
            case PINNED -> SnapshotState.Status.COMPLETE;
            case QUEUED, PINNING -> SnapshotState.Status.PENDING;
            case FAILED -> SnapshotState.Status.FAILED;
        };
        return new SnapshotState(root, s, -1, -1, "pin request " + p.requestId() + " " + p.status().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public byte[] fetch(Cid cid) throws BridgeException {
        return ipfs.fetch(cid);
    }

    @Override
    public void forEachBlock(Cid root, CidVisitor visitor) throws BridgeException {
        ipfs.forEachBlock(root, visitor);
    }

    @Override
    public void close() {
        client.close();
    }
}
