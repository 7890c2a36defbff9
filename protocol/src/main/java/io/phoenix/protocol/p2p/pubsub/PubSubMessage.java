package io.phoenix.protocol.p2p.pubsub;

import io.phoenix.protocol.p2p.PeerId;

/** A validated pubsub message: its author ({@code from}), the peer it came through, topic and data. */
public record PubSubMessage(PeerId from, PeerId receivedFrom, String topic, byte[] data, byte[] seqno, byte[] messageId) {}
