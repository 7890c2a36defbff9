package io.phoenix.protocol.p2p;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A libp2p host: dials and accepts secured, multiplexed connections and opens protocol streams
 * on them. This interface is all the rest of Phoenix sees of the network stack; the TCP/Noise/yamux
 * implementation and the in-memory one both implement it.
 */
public interface Host extends AutoCloseable {
    PeerId peerId();

    /** Addresses this host listens on, each ending in {@code /p2p/<peerId>}. */
    List<Multiaddr> listenAddresses();

    /** Serves inbound streams for {@code protocolId}; replaces an earlier handler. */
    void setHandler(String protocolId, StreamHandler handler);

    void removeHandler(String protocolId);

    /** Protocol ids this host serves (what identify advertises). */
    Set<String> protocols();

    /**
     * Connects to the peer at {@code address} (which must end in {@code /p2p/<id>}); reuses an
     * existing connection. Fails with {@link P2pException} (retryable or not, see its flag).
     */
    CompletableFuture<PeerId> connect(Multiaddr address);

    /**
     * Opens a stream to a connected (or, with a known address, connectable) peer, proposing the
     * protocols in order; fails with {@link P2pException} when the peer supports none.
     */
    CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols);

    Set<PeerId> connectedPeers();

    /** The remote address of the current connection to {@code peer}, or null. */
    Multiaddr remoteAddress(PeerId peer);

    /** Closes every connection to {@code peer}. */
    void disconnect(PeerId peer);

    void addConnectionListener(ConnectionListener listener);

    @Override
    void close();
}
