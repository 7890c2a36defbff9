package io.phoenix.protocol.swarm;

import com.google.protobuf.ByteString;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import java.util.Comparator;

/**
 * A head of the snapshot history: a manifest no other known manifest names as parent. "Latest"
 * among heads is the highest sequence, then the latest time, then the greatest CID bytes
 * ({@link #LATEST_FIRST}), which is well defined even after a partition.
 */
public record Head(Cid manifest, long sequence, long createdAtMillis) {
    public static final Comparator<Head> LATEST_FIRST = Comparator.comparingLong(Head::sequence)
            .thenComparingLong(Head::createdAtMillis).thenComparing(Head::manifest).reversed();

    public Head {
        if (sequence < 0) throw new FormatException("negative snapshot sequence " + sequence);
        if (createdAtMillis < 0) throw new FormatException("negative snapshot time " + createdAtMillis);
    }

    public io.phoenix.protocol.swarm.pb.Head toProto() {
        return io.phoenix.protocol.swarm.pb.Head.newBuilder().setManifest(ByteString.copyFrom(manifest.toBytes()))
                .setSequence(sequence).setCreatedAtMs(createdAtMillis).build();
    }

    public static Head fromProto(io.phoenix.protocol.swarm.pb.Head p) {
        if (p.getSequence() < 0 || p.getCreatedAtMs() < 0) throw new FormatException("head sequence or time out of range");
        return new Head(Cid.fromBytes(p.getManifest().toByteArray()), p.getSequence(), p.getCreatedAtMs());
    }
}
