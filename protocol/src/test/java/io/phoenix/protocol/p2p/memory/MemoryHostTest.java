package io.phoenix.protocol.p2p.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.ConnectionListener;
import io.phoenix.protocol.p2p.Multiaddr;
import io.phoenix.protocol.p2p.P2pException;
import io.phoenix.protocol.p2p.PeerId;
import io.phoenix.protocol.p2p.Stream;
import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class MemoryHostTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String ECHO = "/phoenix/echo/1.0.0";

    final MemoryNetwork net = new MemoryNetwork(1024);
    final MemoryHost a = net.newHost(IdentityKey.generate(RANDOM).peerId());
    final MemoryHost b = net.newHost(IdentityKey.generate(RANDOM).peerId());

    MemoryHostTest() {
        b.setHandler(ECHO, s -> s.input().transferTo(s.output()));
    }

    @Test
    void echoWithHalfCloseAndEvents() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        b.addConnectionListener(new ConnectionListener() {
            public void connected(PeerId peer, Multiaddr remote, boolean inbound) {
                events.add("up " + peer.equals(a.peerId()) + " " + inbound + " " + remote.equals(a.listenAddresses().get(0)));
            }

            public void disconnected(PeerId peer) {
                events.add("down " + peer.equals(a.peerId()));
            }
        });
        assertEquals(b.peerId(), a.connect(b.listenAddresses().get(0)).get());
        assertEquals("up true true true", events.poll(5, TimeUnit.SECONDS));
        assertTrue(b.isInbound(a.peerId()) && !a.isInbound(b.peerId()));
        Stream s = a.newStream(b.peerId(), List.of("/nope/1", ECHO)).get();
        assertEquals(ECHO, s.protocol());
        s.output().write("hello".getBytes());
        s.closeWrite();
        assertArrayEquals("hello".getBytes(), s.input().readAllBytes());
        a.disconnect(b.peerId());
        assertEquals("down true", events.poll(5, TimeUnit.SECONDS));
        assertTrue(a.connectedPeers().isEmpty() && b.connectedPeers().isEmpty());
    }

    @Test
    void unsupportedProtocolFailsWithoutRetry() throws Exception {
        a.connect(b.listenAddresses().get(0)).get();
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.newStream(b.peerId(), List.of("/x/1")).get());
        assertFalse(((P2pException) e.getCause()).retryable());
    }

    @Test
    void dialingWrongPeerIdIsRefused() {
        Multiaddr wrong = b.listenAddresses().get(0).withPeer(a.peerId());
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.connect(wrong).get());
        assertFalse(((P2pException) e.getCause()).retryable());
    }

    @Test
    void writerBlocksWhenBufferIsFullUntilReaderReads() throws Exception {
        CompletableFuture<Stream> served = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        b.setHandler("/sink/1", s -> {
            served.complete(s);
            release.join();
            s.input().readAllBytes();
        });
        a.connect(b.listenAddresses().get(0)).get();
        Stream s = a.newStream(b.peerId(), List.of("/sink/1")).get();
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                s.output().write(new byte[4096]); // 4x the 1 KiB buffer
                s.closeWrite();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        served.get(5, TimeUnit.SECONDS);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> write.get(200, TimeUnit.MILLISECONDS), "writer is back-pressured");
        release.complete(null);
        write.get(5, TimeUnit.SECONDS);
    }

    @Test
    void resetFailsBothSides() throws Exception {
        CompletableFuture<Throwable> remoteError = new CompletableFuture<>();
        b.setHandler("/hold/1", s -> {
            try {
                s.input().read();
                remoteError.complete(null);
            } catch (IOException e) {
                remoteError.complete(e);
            }
        });
        a.connect(b.listenAddresses().get(0)).get();
        Stream s = a.newStream(b.peerId(), List.of("/hold/1")).get();
        s.reset();
        assertTrue(remoteError.get(5, TimeUnit.SECONDS) instanceof IOException);
        assertThrows(IOException.class, () -> s.output().write(1));
    }

    @Test
    void disconnectResetsOpenStreamsAndCloseRefusesDials() throws Exception {
        a.connect(b.listenAddresses().get(0)).get();
        b.setHandler("/hold/1", s -> s.input().read());
        Stream s = a.newStream(b.peerId(), List.of("/hold/1")).get();
        b.close();
        assertThrows(IOException.class, () -> s.input().read());
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.connect(Multiaddr.parse("/ip4/10.0.0.2/tcp/4001/p2p/" + b.peerId())).get());
        assertTrue(((P2pException) e.getCause()).retryable(), "refused connection may come back");
    }

    @Test
    void handlerThrowingResetsTheStream() throws Exception {
        b.setHandler("/boom/1", s -> {
            throw new IllegalStateException("boom");
        });
        a.connect(b.listenAddresses().get(0)).get();
        Stream s = a.newStream(b.peerId(), List.of("/boom/1")).get();
        assertThrows(IOException.class, () -> s.input().read());
    }
}
