package io.phoenix.protocol.exchange;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.p2p.PeerId;
import java.util.Set;

/**
 * A finished fetch: every wanted block is stored and verified.
 *
 * @param fetchedBlocks blocks received and stored by this fetch (excluding those already held)
 * @param fetchedBytes their bytes
 * @param bannedPeers peers disconnected for sending bad blocks or breaking the protocol
 */
public record FetchResult(Cid manifest, long fetchedBlocks, long fetchedBytes, long badBlocks, long timeouts, Set<PeerId> bannedPeers) {}
