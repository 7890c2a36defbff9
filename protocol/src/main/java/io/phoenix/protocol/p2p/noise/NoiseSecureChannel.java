package io.phoenix.protocol.p2p.noise;

import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.List;

/**
 * The {@code /noise} security protocol binding: runs the XX handshake over a socket's streams,
 * each message framed as {@code u16be(len) ‖ bytes}, exchanges and verifies the libp2p payloads,
 * and returns the secured streams. A dialer passes the expected remote peer id; a mismatch throws
 * {@link PeerIdentityMismatchException} before any application byte is sent.
 */
public final class NoiseSecureChannel {
    public static final String PROTOCOL_ID = "/noise";

    private NoiseSecureChannel() {}

    public static NoiseSession secure(boolean initiator, InputStream in, OutputStream out, IdentityKey identity,
                                      PeerId expectedRemote, List<String> localMuxers, SecureRandom random) throws IOException {
        NoiseHandshake hs = new NoiseHandshake(initiator, NoiseHandshake.newStaticKey(random), random);
        byte[] local = NoisePayload.sign(identity, hs.localStaticPublic(), localMuxers).encode();
        NoisePayload remote;
        if (initiator) {
            writeFrame(out, hs.writeMessage(new byte[0]));
            remote = NoisePayload.decode(hs.readMessage(readFrame(in)));
            PeerId proven = check(remote, hs, expectedRemote);
            writeFrame(out, hs.writeMessage(local));
            return finish(hs, in, out, remote, proven);
        }
        byte[] first = hs.readMessage(readFrame(in));
        if (first.length != 0) throw new NoiseException("Noise message 1 must have an empty payload");
        writeFrame(out, hs.writeMessage(local));
        remote = NoisePayload.decode(hs.readMessage(readFrame(in)));
        return finish(hs, in, out, remote, check(remote, hs, expectedRemote));
    }

    private static PeerId check(NoisePayload remote, NoiseHandshake hs, PeerId expected) {
        PeerId proven = remote.verify(hs.remoteStaticPublic());
        if (expected != null && !expected.equals(proven)) throw new PeerIdentityMismatchException(expected, proven);
        return proven;
    }

    private static NoiseSession finish(NoiseHandshake hs, InputStream in, OutputStream out, NoisePayload remote, PeerId proven) {
        NoiseCipherState[] c = hs.split();
        return new NoiseSession(proven, remote.identityKey(), remote.streamMuxers(),
                new NoiseInputStream(in, c[1]), new NoiseOutputStream(out, c[0]));
    }

    static void writeFrame(OutputStream out, byte[] m) throws IOException {
        if (m.length > NoiseOutputStream.MAX_FRAME) throw new NoiseException("handshake message too large");
        byte[] f = new byte[2 + m.length];
        f[0] = (byte) (m.length >>> 8);
        f[1] = (byte) m.length;
        System.arraycopy(m, 0, f, 2, m.length);
        out.write(f);
        out.flush();
    }

    static byte[] readFrame(InputStream in) throws IOException {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) throw new EOFException("connection closed during the Noise handshake");
        int n = (hi << 8) | lo;
        byte[] m = in.readNBytes(n);
        if (m.length != n) throw new EOFException("truncated Noise handshake message");
        return m;
    }
}
