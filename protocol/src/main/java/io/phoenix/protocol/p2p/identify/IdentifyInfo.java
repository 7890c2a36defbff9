package io.phoenix.protocol.p2p.identify;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.proto.IdentifyProto;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer says about itself in {@code /ipfs/id/1.0.0}. Addresses in protocols we do not
 * parse (e.g. {@code /quic-v1}) are dropped; the signed peer record is ignored.
 */
public record IdentifyInfo(byte[] publicKey, List<Multiaddr> listenAddrs, List<String> protocols, Multiaddr observedAddr,
                           String protocolVersion, String agentVersion) {
    public IdentifyInfo {
        listenAddrs = List.copyOf(listenAddrs);
        protocols = List.copyOf(protocols);
    }

    public byte[] encode() {
        IdentifyProto.Identify.Builder b = IdentifyProto.Identify.newBuilder()
                .setProtocolVersion(protocolVersion).setAgentVersion(agentVersion).addAllProtocols(protocols);
        if (publicKey != null) b.setPublicKey(ByteString.copyFrom(publicKey));
        for (Multiaddr a : listenAddrs) b.addListenAddrs(ByteString.copyFrom(a.toBytes()));
        if (observedAddr != null) b.setObservedAddr(ByteString.copyFrom(observedAddr.toBytes()));
        return b.build().toByteArray();
    }

    public static IdentifyInfo decode(byte[] bytes) {
        try {
            IdentifyProto.Identify m = IdentifyProto.Identify.parseFrom(bytes);
            List<Multiaddr> addrs = new ArrayList<>();
            for (ByteString a : m.getListenAddrsList()) {
                Multiaddr ma = parseOrNull(a);
                if (ma != null) addrs.add(ma);
            }
            return new IdentifyInfo(m.hasPublicKey() ? m.getPublicKey().toByteArray() : null, addrs, m.getProtocolsList(),
                    m.hasObservedAddr() ? parseOrNull(m.getObservedAddr()) : null, m.getProtocolVersion(), m.getAgentVersion());
        } catch (InvalidProtocolBufferException e) {
            throw new P2pException("malformed identify message: " + e.getMessage(), false);
        }
    }

    private static Multiaddr parseOrNull(ByteString b) {
        try {
            return Multiaddr.fromBytes(b.toByteArray());
        } catch (FormatException e) {
            return null;
        }
    }
}
