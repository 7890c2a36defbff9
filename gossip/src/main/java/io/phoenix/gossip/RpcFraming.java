package io.phoenix.gossip;

import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.gossip.proto.RpcProto.RPC;
import io.phoenix.protocol.multiformats.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Gossipsub stream framing: every RPC is {@code uvarint(length) ‖ protobuf(RPC)}, at most
 * {@code maxRpcSize} bytes. Bad input fails with {@link MalformedRpcException} (the stream is then
 * closed); it never allocates more than {@code maxRpcSize}.
 */
final class RpcFraming {
    private RpcFraming() {}

    /** The remote sent bytes that are not a gossipsub RPC; retrying on the same stream cannot help. */
    static final class MalformedRpcException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRpcException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static void write(OutputStream out, RPC rpc) throws IOException {
        byte[] body = rpc.toByteArray();
        out.write(Varint.encode(body.length));
        out.write(body);
        out.flush();
    }

    /** The next RPC, or null at a clean end of stream (between frames). */
    static RPC read(InputStream in, int maxRpcSize) throws IOException {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (shift == 0) return null;
                throw new MalformedRpcException("stream ended inside a length prefix", new EOFException());
            }
            if (shift > 28) throw new MalformedRpcException("length prefix too long", null);
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (length > maxRpcSize) throw new MalformedRpcException("RPC of " + length + " bytes exceeds " + maxRpcSize, null);
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) throw new MalformedRpcException("stream ended inside an RPC", new EOFException());
        try {
            return RPC.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedRpcException("not a gossipsub RPC: " + e.getMessage(), e);
        }
    }

    /**
     * Splits an RPC that would exceed {@code maxRpcSize}: subscriptions and control first, then the
     * messages in as few RPCs as fit. A single message that cannot fit is dropped.
     */
    static List<RPC> split(RPC rpc, int maxRpcSize) {
        if (rpc.getSerializedSize() <= maxRpcSize) return List.of(rpc);
        List<RPC> out = new ArrayList<>();
        RPC head = rpc.toBuilder().clearPublish().build();
        if (head.getSerializedSize() > 0 && head.getSerializedSize() <= maxRpcSize) out.add(head);
        RPC.Builder current = RPC.newBuilder();
        for (var m : rpc.getPublishList()) {
            if (current.getPublishCount() > 0 && current.clone().addPublish(m).build().getSerializedSize() > maxRpcSize) {
                out.add(current.build());
                current = RPC.newBuilder();
            }
            if (RPC.newBuilder().addPublish(m).build().getSerializedSize() <= maxRpcSize) current.addPublish(m);
        }
        if (current.getPublishCount() > 0) out.add(current.build());
        return out;
    }
}
