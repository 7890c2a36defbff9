package io.phoenix.protocol.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.p2p.crypto.IdentityKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Host}/{@link Stream} behaviour every implementation must show (in-memory and
 * TCP+Noise+yamux alike). Subclasses create listening hosts; the contract closes them.
 */
@Timeout(60)
public abstract class HostContract {
    protected static final SecureRandom RANDOM = new SecureRandom();
    static final String ECHO = "/phoenix/echo/1.0.0";
    private final List<Host> hosts = new ArrayList<>();

    /** A new host for {@code key}, listening on an address it reports in {@link Host#listenAddresses()}. */
    protected abstract Host newHost(IdentityKey key) throws Exception;

    /** Bytes a writer may buffer before it must block (stream window plus any transport buffers). */
    protected abstract int bufferedBytesBound();

    Host host() throws Exception {
        Host h = newHost(IdentityKey.generate(RANDOM));
        hosts.add(h);
        h.setHandler(ECHO, s -> s.input().transferTo(s.output()));
        return h;
    }

    @AfterEach
    void closeHosts() {
        hosts.forEach(Host::close);
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void echoWithHalfCloseAndConnectionEvents() throws Exception {
        Host a = host(), b = host();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        b.addConnectionListener(new ConnectionListener() {
            public void connected(PeerId peer, Multiaddr remote, boolean inbound) {
                events.add("up " + peer.equals(a.peerId()) + " " + inbound + " " + (remote != null));
            }

            public void disconnected(PeerId peer) {
                events.add("down " + peer.equals(a.peerId()));
            }
        });
        assertEquals(b.peerId(), get(a.connect(b.listenAddresses().get(0))));
        assertEquals("up true true true", events.poll(10, TimeUnit.SECONDS));
        assertTrue(a.connectedPeers().contains(b.peerId()));
        Stream s = get(a.newStream(b.peerId(), List.of("/nope/1.0.0", ECHO)));
        assertEquals(ECHO, s.protocol());
        assertEquals(b.peerId(), s.remotePeer());
        s.output().write("hello".getBytes());
        s.output().flush();
        s.closeWrite();
        assertArrayEquals("hello".getBytes(), s.input().readAllBytes());
        s.close();
        a.disconnect(b.peerId());
        assertEquals("down true", events.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void unsupportedProtocolFailsWithoutRetry() throws Exception {
        Host a = host(), b = host();
        get(a.connect(b.listenAddresses().get(0)));
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(a.newStream(b.peerId(), List.of("/x/1.0.0"))));
        assertFalse(assertInstanceOf(P2pException.class, e.getCause()).retryable());
    }

    @Test
    void dialingTheWrongPeerIdIsRefused() throws Exception {
        Host a = host(), b = host();
        Multiaddr wrong = b.listenAddresses().get(0).withPeer(a.peerId());
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(a.connect(wrong)));
        assertInstanceOf(P2pException.class, e.getCause());
        assertFalse(a.connectedPeers().contains(b.peerId()));
    }

    @Test
    void writerIsBackPressuredUntilTheReaderReads() throws Exception {
        Host a = host(), b = host();
        CompletableFuture<Void> served = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        b.setHandler("/sink/1.0.0", s -> {
            served.complete(null);
            release.join();
            s.input().readAllBytes();
        });
        get(a.connect(b.listenAddresses().get(0)));
        Stream s = get(a.newStream(b.peerId(), List.of("/sink/1.0.0")));
        int total = 4 * bufferedBytesBound();
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                byte[] chunk = new byte[16 * 1024];
                for (int sent = 0; sent < total; sent += chunk.length) s.output().write(chunk);
                s.closeWrite();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        served.get(20, TimeUnit.SECONDS);
        assertThrows(TimeoutException.class, () -> write.get(300, TimeUnit.MILLISECONDS), "writer is back-pressured");
        release.complete(null);
        write.get(30, TimeUnit.SECONDS);
    }

    @Test
    void resetFailsTheRemoteSide() throws Exception {
        Host a = host(), b = host();
        CompletableFuture<Throwable> remote = new CompletableFuture<>();
        b.setHandler("/hold/1.0.0", s -> {
            try {
                int r = s.input().read();
                remote.complete(r < 0 ? new AssertionError("clean EOF instead of a reset") : null);
            } catch (IOException e) {
                remote.complete(e);
            }
        });
        get(a.connect(b.listenAddresses().get(0)));
        Stream s = get(a.newStream(b.peerId(), List.of("/hold/1.0.0")));
        s.output().write(new byte[0]);
        s.reset();
        assertInstanceOf(IOException.class, remote.get(20, TimeUnit.SECONDS));
        assertThrows(IOException.class, () -> {
            s.output().write(1);
            s.output().flush();
        });
    }

    @Test
    void closingAHostEndsOpenStreamsAndRefusesDials() throws Exception {
        Host a = host(), b = host();
        Multiaddr addrB = b.listenAddresses().get(0);
        get(a.connect(addrB));
        b.setHandler("/hold/1.0.0", s -> s.input().read());
        Stream s = get(a.newStream(b.peerId(), List.of("/hold/1.0.0")));
        b.close();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return s.input().read();
            } catch (IOException e) {
                return -2;
            }
        });
        assertTrue(read.get(20, TimeUnit.SECONDS) < 0, "read ends (reset or end of stream), never hangs");
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(a.connect(addrB)));
        assertTrue(assertInstanceOf(P2pException.class, e.getCause()).retryable(), "a refused connection may succeed later");
    }

    @Test
    void handlerThrowingResetsTheStream() throws Exception {
        Host a = host(), b = host();
        b.setHandler("/boom/1.0.0", s -> {
            throw new IllegalStateException("boom");
        });
        get(a.connect(b.listenAddresses().get(0)));
        // the reset may even overtake the protocol confirmation: then opening the stream fails
        Stream s;
        try {
            s = get(a.newStream(b.peerId(), List.of("/boom/1.0.0")));
        } catch (ExecutionException e) {
            assertInstanceOf(P2pException.class, e.getCause());
            return;
        }
        assertThrows(IOException.class, () -> s.input().read());
    }
}
