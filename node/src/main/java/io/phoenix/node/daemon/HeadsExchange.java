package io.phoenix.node.daemon;

import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.p2p.Host;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.reqresp.RequestResponse;
import io.phoenix.protocol.swarm.pb.Heads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Anti-entropy, {@code /phoenix/heads/1.0.0} with the {@code Heads} message of swarm.proto: the
 * dialer sends its heads, the snapshots it holds complete and the receipts it knows; the listener
 * answers with its own. Run on every new connection and periodically, so a node that missed the
 * gossip (offline, late joiner, bare restore machine) catches up. This is the daemon's binding;
 * the remote's answer is handed to {@code onRemote} (which verifies what it uses).
 */
public final class HeadsExchange {
    public static final String PROTOCOL = "/phoenix/heads/1.0.0";
    static final int MAX_BYTES = 1 << 20;

    private final Host host;
    private final Supplier<Heads> local;
    private final BiConsumer<PeerId, Heads> onRemote;

    public HeadsExchange(Host host, Supplier<Heads> local, BiConsumer<PeerId, Heads> onRemote) {
        this.host = host;
        this.local = local;
        this.onRemote = onRemote;
    }

    public void start() {
        host.setHandler(PROTOCOL, stream -> {
            PeerId peer = stream.remotePeer();
            RequestResponse.server(MAX_BYTES, request -> {
                parse(request).ifPresent(h -> onRemote.accept(peer, h));
                return local.get().toByteArray();
            }).handle(stream);
        });
    }

    /** Exchanges heads with {@code peer}; completes when its answer was handled. */
    public CompletableFuture<Void> exchange(PeerId peer, Duration timeout) {
        return RequestResponse.call(host, peer, PROTOCOL, local.get().toByteArray(), MAX_BYTES, timeout)
                .thenAccept(bytes -> parse(bytes).ifPresent(h -> onRemote.accept(peer, h)));
    }

    private static java.util.Optional<Heads> parse(byte[] bytes) {
        try {
            Heads h = Heads.parseFrom(bytes);
            if (h.getVersion() != 1 || h.getHeadsCount() > 64 || h.getCompleteCount() > 4096 || h.getReceiptsCount() > 1024) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(h);
        } catch (InvalidProtocolBufferException e) {
            return java.util.Optional.empty();
        }
    }
}
