package io.phoenix.protocol.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
    private final SecureRandom random = new SecureRandom();

    private NoiseHandshake[] run(byte[] p2, byte[] p3) {
        NoiseHandshake i = new NoiseHandshake(true, NoiseHandshake.newStaticKey(random), random);
        NoiseHandshake r = new NoiseHandshake(false, NoiseHandshake.newStaticKey(random), random);
        byte[] m1 = i.writeMessage(new byte[0]);
        assertEquals(32, m1.length);
        assertEquals(0, r.readMessage(m1).length);
        byte[] m2 = r.writeMessage(p2);
        assertEquals(32 + 48 + p2.length + 16, m2.length);
        assertArrayEquals(p2, i.readMessage(m2));
        assertArrayEquals(p3, r.readMessage(i.writeMessage(p3)));
        return new NoiseHandshake[] {i, r};
    }

    @Test
    void xxHandshakeAgreesOnKeysAndHash() {
        NoiseHandshake[] hs = run("two".getBytes(), "three".getBytes());
        assertArrayEquals(hs[0].handshakeHash(), hs[1].handshakeHash());
        assertArrayEquals(hs[0].localStaticPublic(), hs[1].remoteStaticPublic());
        NoiseCipherState[] ci = hs[0].split();
        NoiseCipherState[] cr = hs[1].split();
        byte[] msg = "transport".getBytes();
        assertArrayEquals(msg, cr[1].decrypt(null, ci[0].encrypt(null, msg)));
        assertArrayEquals(msg, ci[1].decrypt(null, cr[0].encrypt(null, msg)));
    }

    @Test
    void tamperedTransportFrameFailsAuthentication() {
        NoiseHandshake[] hs = run(new byte[0], new byte[0]);
        NoiseCipherState send = hs[0].split()[0];
        NoiseCipherState recv = hs[1].split()[1];
        byte[] c = send.encrypt(null, new byte[100]);
        c[10] ^= 1;
        assertThrows(NoiseException.class, () -> recv.decrypt(null, c));
    }

    @Test
    void corruptedHandshakeMessagesFailCleanly() {
        Random r = new Random(9);
        for (int i = 0; i < 300; i++) {
            NoiseHandshake a = new NoiseHandshake(true, NoiseHandshake.newStaticKey(random), random);
            NoiseHandshake b = new NoiseHandshake(false, NoiseHandshake.newStaticKey(random), random);
            b.readMessage(a.writeMessage(new byte[0]));
            byte[] m2 = b.writeMessage(new byte[20]);
            byte[] bad = i % 2 == 0 ? Arrays.copyOf(m2, r.nextInt(m2.length)) : m2.clone();
            if (i % 2 == 1) bad[32 + r.nextInt(bad.length - 32)] ^= (byte) (1 + r.nextInt(255));
            byte[] fin = bad;
            assertThrows(NoiseException.class, () -> a.readMessage(fin));
        }
    }

    @Test
    void payloadSignatureBindsTheStaticKey() {
        IdentityKey id = IdentityKey.generate(random);
        byte[] staticKey = new byte[32];
        random.nextBytes(staticKey);
        NoisePayload p = NoisePayload.decode(NoisePayload.sign(id, staticKey, List.of("/yamux/1.0.0")).encode());
        assertEquals(List.of("/yamux/1.0.0"), p.streamMuxers());
        assertEquals(id.peerId(), p.verify(staticKey));
        byte[] other = staticKey.clone();
        other[0] ^= 1;
        assertThrows(NoiseException.class, () -> p.verify(other));
    }

    @Test
    void randomPayloadBytesFailWithNoiseExceptionOnly() {
        Random r = new Random(10);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[r.nextInt(120)];
            r.nextBytes(junk);
            try {
                NoisePayload.decode(junk).verify(new byte[32]);
            } catch (NoiseException expected) {
                // the only allowed failure
            }
        }
    }
}
