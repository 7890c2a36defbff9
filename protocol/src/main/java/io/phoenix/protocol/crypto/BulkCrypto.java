package io.phoenix.protocol.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * Where the bulk primitives of the block path come from (AES-256-GCM, HMAC-SHA-256, SHA-256 over
 * whole chunks and blocks): Amazon Corretto Crypto Provider (AWS-LC, native, bundled for Linux
 * x86-64 or aarch64 by the build) once it has loaded and passed its self-tests, else the JDK's own
 * providers. Both compute the same standard functions, so blocks, MACs and CIDs are byte-identical
 * whichever computed them ({@code BulkCryptoTest}).
 *
 * <p>Why a native provider: the JDK's AES-GCM and SHA-256 are fast (AVX-512, CLMUL and SHA-NI
 * stubs) only in code C2 has compiled, and a command that handles a few thousand 0.5 MiB chunks in
 * a fresh JVM spends much of its run before C2 gets there. Measured in a fresh JDK 25 on the
 * project's 2-core machine: 20 x 512 KiB of AES-GCM took 138 ms with the JDK (still so after 100
 * chunks) against 1.2 ms native; the warm-up that made the JDK's GCM hot cost ~0.45 CPU-seconds per
 * command, and an incremental snapshot still spent ~0.35 CPU-seconds in SHA-256 compiled from Java.
 *
 * <p>Loading takes ~0.2 s (the library is extracted from the jar and self-tested), so it happens on
 * a background thread ({@link #preload()}, started by the first use at the latest), and until it
 * is done the JDK's providers are used: nothing ever waits for it. {@code PHOENIX_CRYPTO_JAVA}
 * (any value) keeps to the JDK's providers.
 */
public final class BulkCrypto {
    private static final String GCM = "AES/GCM/NoPadding";
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch LOADED = new CountDownLatch(1);
    private static volatile Provider nativeProvider;

    private BulkCrypto() {}

    /** Starts loading the native provider on a daemon thread (once; later calls do nothing). */
    public static void preload() {
        if (!STARTED.compareAndSet(false, true)) return;
        if (System.getenv("PHOENIX_CRYPTO_JAVA") != null) {
            LOADED.countDown();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                nativeProvider = load();
            } finally {
                LOADED.countDown();
            }
        }, "phoenix-crypto-load");
        t.setDaemon(true);
        t.start();
    }

    private static Provider load() {
        try {
            AmazonCorrettoCryptoProvider p = AmazonCorrettoCryptoProvider.INSTANCE;
            if (p.getLoadingError() != null) return null; // no library for this platform
            p.assertHealthy(); // its known-answer self-tests passed
            Cipher.getInstance(GCM, p); // and it offers what is asked of it
            Mac.getInstance("HmacSHA256", p);
            MessageDigest.getInstance("SHA-256", p);
            return p;
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            return null; // the JDK's providers compute the same bytes
        }
    }

    /** The native provider if it has loaded, else null (and loading starts). Never waits. */
    private static Provider current() {
        Provider p = nativeProvider;
        if (p == null) preload();
        return p;
    }

    /** Waits for the load to finish; true when the native provider is in use. */
    public static boolean awaitNative() {
        preload();
        try {
            LOADED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return nativeProvider != null;
    }

    /** True once the native provider has loaded (what {@link #aesGcm} and the others return from then on). */
    public static boolean nativeLoaded() {
        return nativeProvider != null;
    }

    /** A new, uninitialised {@code AES/GCM/NoPadding} cipher. */
    public static Cipher aesGcm() throws NoSuchAlgorithmException, NoSuchPaddingException {
        Provider p = current();
        return p != null ? Cipher.getInstance(GCM, p) : Cipher.getInstance(GCM);
    }

    /** A new, uninitialised HMAC-SHA-256. */
    public static Mac hmacSha256() throws NoSuchAlgorithmException {
        Provider p = current();
        return p != null ? Mac.getInstance("HmacSHA256", p) : Mac.getInstance("HmacSHA256");
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() throws NoSuchAlgorithmException {
        Provider p = current();
        return p != null ? MessageDigest.getInstance("SHA-256", p) : MessageDigest.getInstance("SHA-256");
    }

    private record ThreadDigest(Provider provider, MessageDigest digest) {}

    private static final ThreadLocal<ThreadDigest> SHA256 = new ThreadLocal<>();

    /**
     * This thread's reused SHA-256 digest (made again once the native provider has loaded), reset
     * and ready. For a hash computed and finished before the thread asks again: it must not be
     * held across another use on the same thread. Why: {@code MessageDigest.getInstance} looks the
     * provider up on every call, which cost more than hashing a small block (a tree of 300,000
     * small files hashes ~900,000 short inputs).
     */
    public static MessageDigest threadSha256() throws NoSuchAlgorithmException {
        Provider p = current();
        ThreadDigest t = SHA256.get();
        if (t == null || t.provider() != p) {
            t = new ThreadDigest(p, p != null ? MessageDigest.getInstance("SHA-256", p) : MessageDigest.getInstance("SHA-256"));
            SHA256.set(t);
        }
        t.digest().reset();
        return t.digest();
    }

    /** The provider in use now, for status output: e.g. "AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC)" or "SunJCE". */
    public static String implementation() {
        Provider p = nativeProvider;
        if (p != null) return p.getName() + " " + p.getVersionStr() + " (AWS-LC)";
        try {
            return Cipher.getInstance(GCM).getProvider().getName();
        } catch (GeneralSecurityException e) {
            return "none";
        }
    }
}
