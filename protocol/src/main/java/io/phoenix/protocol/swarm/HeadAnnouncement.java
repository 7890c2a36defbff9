package io.phoenix.protocol.swarm;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.FormatException;

/**
 * The payload published on {@code /phoenix/<swarm-id>/manifests} when a writer has a new head.
 * Version 1. Authenticity comes from the gossipsub signature (the author) and, before forwarding,
 * from fetching and verifying the manifest itself.
 */
public record HeadAnnouncement(SwarmId swarm, Head head) {
    public static final int VERSION = 1;
    /** Largest encoded announcement accepted. */
    public static final int MAX_BYTES = 1024;

    /** The gossipsub topic of a swarm's announcements. */
    public static String topic(SwarmId swarm) {
        return "/phoenix/" + swarm + "/manifests";
    }

    public byte[] encode() {
        return io.phoenix.protocol.swarm.pb.HeadAnnouncement.newBuilder().setVersion(VERSION)
                .setSwarmId(ByteString.copyFrom(swarm.toBytes())).setHead(head.toProto()).build().toByteArray();
    }

    public static HeadAnnouncement decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) throw new FormatException("head announcement of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        try {
            var p = io.phoenix.protocol.swarm.pb.HeadAnnouncement.parseFrom(bytes);
            if (p.getVersion() != VERSION) throw new FormatException("unsupported head announcement version " + p.getVersion());
            if (!p.hasHead()) throw new FormatException("head announcement without a head");
            return new HeadAnnouncement(SwarmId.fromBytes(p.getSwarmId().toByteArray()), Head.fromProto(p.getHead()));
        } catch (InvalidProtocolBufferException e) {
            throw new FormatException("malformed head announcement: " + e.getMessage(), e);
        }
    }
}
