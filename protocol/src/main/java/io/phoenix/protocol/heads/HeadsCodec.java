package io.phoenix.protocol.heads;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.exchange.ProtocolViolationException;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.swarm.Head;
import io.phoenix.protocol.swarm.ReplicationReceipt;
import io.phoenix.protocol.swarm.SwarmId;
import io.phoenix.protocol.swarm.pb.Heads;
import io.phoenix.protocol.swarm.pb.Partial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code /phoenix/heads/1.0.0} message (see {@code docs/swarm.md}) and its limits. */
public final class HeadsCodec {
    public static final String PROTOCOL_ID = "/phoenix/heads/1.0.0";
    public static final int VERSION = 1;
    public static final int MAX_FRAME_BYTES = 1 << 20;
    public static final int MAX_HEADS = 64;
    public static final int MAX_COMPLETE = 4096;
    public static final int MAX_RECEIPTS = 1024;
    public static final int MAX_PARTIAL = 64;

    /** A decoded Heads message. */
    public record Message(SwarmId swarm, HeadsView view) {}

    private HeadsCodec() {}

    /** Encodes our view, keeping the latest heads, complete snapshots and receipts within the limits. */
    public static byte[] encode(SwarmId swarm, HeadsView view) {
        Heads.Builder b = Heads.newBuilder().setVersion(VERSION).setSwarmId(ByteString.copyFrom(swarm.toBytes()));
        view.heads().stream().sorted(Head.LATEST_FIRST).limit(MAX_HEADS).forEach(h -> b.addHeads(h.toProto()));
        view.complete().stream().limit(MAX_COMPLETE).forEach(c -> b.addComplete(ByteString.copyFrom(c.toBytes())));
        view.receipts().stream().sorted((x, y) -> Long.compare(y.verifiedAtMillis(), x.verifiedAtMillis()))
                .limit(MAX_RECEIPTS).forEach(r -> b.addReceipts(r.toProto()));
        view.partial().stream().limit(MAX_PARTIAL).forEach(p -> b.addPartial(Partial.newBuilder()
                .setManifest(ByteString.copyFrom(p.manifest().toBytes())).setHeld(p.held()).setTotal(p.total())));
        return b.build().toByteArray();
    }

    /** Decodes and checks limits; throws {@link ProtocolViolationException} naming the problem. */
    public static Message decode(byte[] bytes) {
        try {
            Heads h = Heads.parseFrom(bytes);
            if (h.getVersion() != VERSION) throw new ProtocolViolationException("unsupported heads version " + h.getVersion());
            if (h.getHeadsCount() > MAX_HEADS) throw new ProtocolViolationException(h.getHeadsCount() + " heads exceed the limit of " + MAX_HEADS);
            if (h.getCompleteCount() > MAX_COMPLETE) throw new ProtocolViolationException(h.getCompleteCount() + " complete snapshots exceed the limit of " + MAX_COMPLETE);
            if (h.getReceiptsCount() > MAX_RECEIPTS) throw new ProtocolViolationException(h.getReceiptsCount() + " receipts exceed the limit of " + MAX_RECEIPTS);
            if (h.getPartialCount() > MAX_PARTIAL) throw new ProtocolViolationException(h.getPartialCount() + " partial holdings exceed the limit of " + MAX_PARTIAL);
            List<Head> heads = new ArrayList<>();
            for (var p : h.getHeadsList()) heads.add(Head.fromProto(p));
            Set<Cid> complete = new HashSet<>();
            for (var c : h.getCompleteList()) complete.add(Cid.fromBytes(c.toByteArray()));
            List<ReplicationReceipt> receipts = new ArrayList<>();
            for (var r : h.getReceiptsList()) receipts.add(ReplicationReceipt.fromProto(r));
            List<PartialHolding> partial = new ArrayList<>();
            for (var p : h.getPartialList()) {
                try {
                    partial.add(new PartialHolding(Cid.fromBytes(p.getManifest().toByteArray()), p.getHeld(), p.getTotal()));
                } catch (IllegalArgumentException e) {
                    throw new ProtocolViolationException(e.getMessage(), e);
                }
            }
            return new Message(SwarmId.fromBytes(h.getSwarmId().toByteArray()), new HeadsView(heads, complete, receipts, partial));
        } catch (InvalidProtocolBufferException | FormatException e) {
            throw new ProtocolViolationException("malformed heads message: " + e.getMessage(), e);
        }
    }
}
