package io.phoenix.bridge.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.store.BlockStore;
import io.phoenix.protocol.store.BlockStoreContract;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The block-store contract against a real S3 API server (S3Proxy), one fresh bucket prefix per test. */
class S3BlockStoreIT extends BlockStoreContract {
    static final String BUCKET = "phoenix-blocks";
    static final AtomicInteger PREFIXES = new AtomicInteger();
    static S3ProxyServer server;
    static S3Client admin;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
        admin = S3BlockStore.client(server.config(BUCKET, ""));
        admin.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterAll
    static void stopServer() {
        if (admin != null) admin.close();
        if (server != null) server.close();
    }

    @Override
    protected BlockStore newStore() {
        return new S3BlockStore(server.config(BUCKET, "t" + PREFIXES.incrementAndGet() + "/blocks/"));
    }

    @Override
    protected void damage(BlockStore store, Cid cid, Damage damage) {
        String key = ((S3BlockStore) store).key(cid);
        byte[] data = admin.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
        switch (damage) {
            case TRUNCATE -> admin.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(Arrays.copyOf(data, data.length / 2)));
            case FLIP_BYTE -> {
                data[data.length / 3] ^= 0x40;
                admin.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
            }
            case REMOVE -> admin.deleteObject(r -> r.bucket(BUCKET).key(key));
        }
    }

    @Test
    void strayObjectsUnderThePrefixAreNotListedAsBlocks() throws Exception {
        Cid cid = putBlock(100, 99);
        String key = ((S3BlockStore) store).key(cid);
        admin.putObject(r -> r.bucket(BUCKET).key(key.substring(0, key.lastIndexOf('/') + 1) + "README.txt"), RequestBody.fromString("hi"));
        Set<Cid> seen = new HashSet<>();
        store.forEach(seen::add);
        assertEquals(Set.of(cid), seen);
    }

    @Test
    void WrongCredentialsAreRefusedWithAClearError() {
        S3Config good = server.config(BUCKET, "denied/");
        S3Config bad = new S3Config(good.endpoint(), good.region(), BUCKET, "denied/", "local-identity", "wrong-secret", true);
        try (S3BlockStore denied = new S3BlockStore(bad)) {
            byte[] data = block(10, 1);
            IOException e = assertThrows(IOException.class, () -> denied.put(Cid.ofRaw(data), data));
            assertTrue(e.getMessage().contains("403"), e.getMessage());
        }
    }

    @Test
    void UnreachableEndpointIsAnIOException() throws Exception {
        int port = io.phoenix.bridge.ExternalProcess.freePort();
        S3Config nowhere = new S3Config(java.net.URI.create("http://127.0.0.1:" + port), "us-east-1", BUCKET, "", "a", "b", true);
        try (S3BlockStore s = new S3BlockStore(nowhere)) {
            IOException e = assertThrows(IOException.class, () -> s.has(Cid.ofRaw(new byte[] {1})));
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        }
    }

    @Test
    void blocksSurviveAFreshClientOnTheSameBucket() throws Exception {
        S3Config config = server.config(BUCKET, "shared/");
        byte[] data = block(200_000, 5);
        Cid cid = Cid.ofRaw(data);
        try (S3BlockStore a = new S3BlockStore(config)) {
            a.put(cid, data);
            a.flush();
        }
        try (S3BlockStore b = new S3BlockStore(config)) {
            assertArrayEquals(data, b.get(cid));
            assertFalse(b.has(Cid.ofRaw(block(10, 6))));
        }
    }
}
