package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import java.util.List;

/** What the {@link FetchScheduler} asks its binding to do. */
public sealed interface FetchAction {
    PeerId peer();

    /** Send a Want frame (at most {@link ExchangeLimits#MAX_CIDS_PER_FRAME} CIDs). */
    record Want(PeerId peer, List<Cid> cids) implements FetchAction {}

    /** Send a Cancel frame: these are no longer wanted from this peer. */
    record Cancel(PeerId peer, List<Cid> cids) implements FetchAction {}

    /** Disconnect the peer and do not use it again in this fetch. */
    record Disconnect(PeerId peer, String reason) implements FetchAction {}
}
