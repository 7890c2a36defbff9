package io.phoenix.protocol.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.block.BlockFormatException.Reason;
import io.phoenix.protocol.chunk.Chunker;
import io.phoenix.protocol.crypto.BulkCrypto;
import io.phoenix.protocol.crypto.Hkdf;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes chunks into deterministic encrypted blocks and back (layout in docs/format.md):
 *
 * <pre>
 * offset 0   version   0x01
 * offset 1   flags     bit 0: zstd (else stored), bit 1: tree key class (else data); others 0
 * offset 2   nonce     12 bytes = HMAC-SHA-256(nonce MAC key, plaintext)[0..12]
 * offset 14  AES-256-GCM(per-block key, nonce, aad = bytes 0..14, payload) ‖ 16-byte tag
 * </pre>
 *
 * The per-block AES key is {@code HMAC-SHA-256(base key, "phoenix/v1/per-block-key" ‖ nonce)}, so
 * each AES key encrypts one plaintext (see docs/crypto.md for the bound). Identical plaintexts
 * give identical blocks and CIDs. Thread safe.
 */
public final class BlockCodec {
    public static final int VERSION = 1;
    public static final int FLAG_ZSTD = 0x01;
    public static final int FLAG_TREE = 0x02;
    public static final int NONCE_LENGTH = 12;
    public static final int HEADER_LENGTH = 2 + NONCE_LENGTH;
    public static final int TAG_LENGTH = 16;
    public static final int OVERHEAD = HEADER_LENGTH + TAG_LENGTH;
    public static final int MAX_BLOCK_SIZE = 1024 * 1024;
    /** Largest plaintext: a stored block of this size is exactly {@link #MAX_BLOCK_SIZE}. */
    public static final int MAX_PLAINTEXT = MAX_BLOCK_SIZE - OVERHEAD;
    /**
     * The zstd level of new blocks. Part of what makes encoding deterministic: a writer of another
     * level gives other bytes for the same plaintext (both decode; docs/format.md section 3).
     * Level 1 is ~1.5x faster than level 3 on the log-like text of the benchmark tree and
     * compresses it no worse (measured in docs/format.md section 7).
     */
    public static final int ZSTD_LEVEL = 1;
    public static final String PER_BLOCK_KEY_LABEL = "phoenix/v1/per-block-key";
    public static final String TREE_NONCE_KEY_LABEL = "phoenix/v1/tree-nonce-key";

    static {
        if (Chunker.MAX_SIZE > MAX_PLAINTEXT) throw new AssertionError("chunker max exceeds block capacity");
    }

    private static final byte[] PER_BLOCK_LABEL = PER_BLOCK_KEY_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final int SCRATCH = (int) Zstd.compressBound(MAX_PLAINTEXT);

    private final PerThread<Mac> dataNonceMac;
    private final PerThread<Mac> treeNonceMac;
    private final PerThread<Mac> dataKeyMac;
    private final PerThread<Mac> treeKeyMac;
    private final PerThread<Cipher> gcms = gcmPerThread();
    /** zstd contexts and frame buffers, taken for one call (any thread, virtual ones too) and given back. */
    private static final Reusables<ZstdWork> ZSTD = new Reusables<>(ZstdWork::new, ZstdWork::close,
            2 * Runtime.getRuntime().availableProcessors() + 8);

    public BlockCodec(DataKeys keys) {
        byte[] treeNonceKey = Hkdf.hmac(keys.treeKey(), TREE_NONCE_KEY_LABEL.getBytes(StandardCharsets.US_ASCII));
        this.dataNonceMac = macFor(keys.nonceKey());
        this.treeNonceMac = macFor(treeNonceKey);
        this.dataKeyMac = macFor(keys.blockKey());
        this.treeKeyMac = macFor(keys.treeKey());
    }

    /** Full HMAC-SHA-256 of a data chunk: its keyed identity, to dedup before compressing/encrypting. */
    public byte[] plaintextMac(byte[] buf, int off, int len) {
        return plaintextMac(BlockKind.DATA, buf, off, len);
    }

    public byte[] plaintextMac(BlockKind kind, byte[] buf, int off, int len) {
        Mac mac = (kind == BlockKind.TREE ? treeNonceMac : dataNonceMac).get();
        mac.update(buf, off, len);
        return mac.doFinal();
    }

    /** Encodes a data chunk. */
    public EncodedBlock encode(byte[] buf, int off, int len) {
        return encode(BlockKind.DATA, buf, off, len, null);
    }

    /** Encodes a plaintext of the given kind. */
    public EncodedBlock encode(BlockKind kind, byte[] buf, int off, int len) {
        return encode(kind, buf, off, len, null);
    }

    /**
     * Encodes a plaintext, reusing {@code plaintextMac} when the caller already computed it with
     * {@link #plaintextMac(BlockKind, byte[], int, int)} (null: compute it here).
     */
    public EncodedBlock encode(BlockKind kind, byte[] buf, int off, int len, byte[] plaintextMac) {
        byte[] mac = checkedMac(kind, buf, off, len, plaintextMac);
        ZstdWork z = ZSTD.take();
        try {
            Payload p = payload(z, kind, buf, off, len);
            byte[] block = new byte[OVERHEAD + p.len()];
            seal(kind, p, mac, block, 0);
            return new EncodedBlock(Cid.ofRaw(block), block, mac, len);
        } finally {
            ZSTD.give(z);
        }
    }

    /**
     * Encodes a plaintext into {@code out} from {@code outOff} on, without allocating the block:
     * the bytes are exactly those {@link #encode} gives. {@code out} needs room for
     * {@code OVERHEAD + len} bytes ({@link #MAX_BLOCK_SIZE} always suffices). Returns the block's length.
     */
    public int encodeInto(BlockKind kind, byte[] buf, int off, int len, byte[] plaintextMac, byte[] out, int outOff) {
        byte[] mac = checkedMac(kind, buf, off, len, plaintextMac);
        if (outOff < 0 || outOff > out.length - OVERHEAD - len) throw new IndexOutOfBoundsException("no room for the block");
        ZstdWork z = ZSTD.take();
        try {
            Payload p = payload(z, kind, buf, off, len);
            seal(kind, p, mac, out, outOff);
            return OVERHEAD + p.len();
        } finally {
            ZSTD.give(z);
        }
    }

    private byte[] checkedMac(BlockKind kind, byte[] buf, int off, int len, byte[] plaintextMac) {
        if (off < 0 || len < 0 || off > buf.length - len) throw new IndexOutOfBoundsException();
        if (len > MAX_PLAINTEXT) throw new IllegalArgumentException("plaintext of " + len + " bytes exceeds " + MAX_PLAINTEXT);
        byte[] mac = plaintextMac != null ? plaintextMac : plaintextMac(kind, buf, off, len);
        if (mac.length != 32) throw new IllegalArgumentException("plaintext MAC must be 32 bytes");
        return mac;
    }

    /** What gets encrypted: the zstd frame (in a {@link ZstdWork} buffer) when it saves enough, else the plaintext. */
    private record Payload(byte[] buf, int off, int len, int flags) {}

    private static Payload payload(ZstdWork z, BlockKind kind, byte[] buf, int off, int len) {
        int flags = kind == BlockKind.TREE ? FLAG_TREE : 0;
        if (len >= 64) {
            byte[] tmp = z.frame();
            long n = z.compressor().compressByteArray(tmp, 0, tmp.length, buf, off, len);
            if (!Zstd.isError(n) && n <= len - (len >> 5) - 8) return new Payload(tmp, 0, (int) n, flags | FLAG_ZSTD);
        }
        return new Payload(buf, off, len, flags);
    }

    /** Writes header, ciphertext and tag of the block at {@code out[at..]}. */
    private void seal(BlockKind kind, Payload p, byte[] mac, byte[] out, int at) {
        out[at] = VERSION;
        out[at + 1] = (byte) p.flags();
        System.arraycopy(mac, 0, out, at + 2, NONCE_LENGTH);
        try {
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, kind, out, at);
            gcm.updateAAD(out, at, HEADER_LENGTH);
            int written = gcm.doFinal(p.buf(), p.off(), p.len(), out, at + HEADER_LENGTH);
            if (written != p.len() + TAG_LENGTH) throw new IllegalStateException("unexpected GCM output length");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Verifies {@code block} against {@code cid}, then authenticates, decrypts and decompresses it. */
    public byte[] decode(Cid cid, byte[] block) {
        return open(cid, block).plaintext();
    }

    /** Like {@link #decode} but also returns the kind and the recomputed plaintext MAC. */
    public DecodedBlock open(Cid cid, byte[] block) {
        if (cid.codec() != Cid.RAW) {
            throw new BlockFormatException(Reason.CORRUPT, "CID " + cid + " is not a raw-block CID (codec 0x" + Integer.toHexString(cid.codec()) + ")");
        }
        if (cid.multihash().code() != Multihash.SHA2_256) {
            throw new BlockFormatException(Reason.UNSUPPORTED_VERSION, "CID " + cid + " does not use sha2-256 (multihash 0x"
                    + Integer.toHexString(cid.multihash().code()) + ")");
        }
        boolean matches;
        try {
            matches = cid.verifies(block);
        } catch (FormatException e) {
            throw new BlockFormatException(Reason.UNSUPPORTED_VERSION, "CID " + cid + " uses an unsupported hash: " + e.getMessage(), e);
        }
        if (!matches) {
            throw new BlockFormatException(Reason.CORRUPT, "block of " + block.length + " bytes does not hash to its CID " + cid
                    + " (damaged or truncated in storage or transit; another copy may be intact)");
        }
        return openVerified(block);
    }

    /** Decodes a block whose bytes the caller already verified against its CID (e.g. a verifying store). */
    public DecodedBlock openVerified(byte[] block) {
        ZstdWork z = ZSTD.take();
        try {
            byte[] plain = z.plain();
            OpenedBlock o = openVerifiedInto(block, 0, block.length, plain, z);
            return new DecodedBlock(o.kind(), Arrays.copyOf(plain, o.length()), o.plaintextMac());
        } finally {
            ZSTD.give(z);
        }
    }

    /**
     * As {@link #openVerified} into the caller's buffer: the plaintext is written to
     * {@code plainOut[0, length)} ({@code plainOut} must hold {@link #MAX_PLAINTEXT} bytes) and
     * nothing is allocated for it; {@code block} is not changed. For the restore path, which writes
     * each chunk out at once and reuses one buffer per thread.
     */
    public OpenedBlock openVerifiedInto(byte[] block, int off, int len, byte[] plainOut) {
        ZstdWork z = ZSTD.take();
        try {
            return openVerifiedInto(block, off, len, plainOut, z);
        } finally {
            ZSTD.give(z);
        }
    }

    private OpenedBlock openVerifiedInto(byte[] block, int off, int len, byte[] plainOut, ZstdWork z) {
        if (off < 0 || len < 0 || off > block.length - len) throw new IndexOutOfBoundsException();
        if (plainOut.length < MAX_PLAINTEXT) throw new IllegalArgumentException("plaintext buffer must hold " + MAX_PLAINTEXT + " bytes");
        if (len < OVERHEAD) {
            throw new BlockFormatException(Reason.TRUNCATED, "block is " + len + " bytes, shorter than the " + OVERHEAD + "-byte minimum");
        }
        if (len > MAX_BLOCK_SIZE) {
            throw new BlockFormatException(Reason.CORRUPT, "block is " + len + " bytes, larger than the " + MAX_BLOCK_SIZE + "-byte maximum");
        }
        int version = block[off] & 0xff;
        if (version != VERSION) {
            throw new BlockFormatException(Reason.UNSUPPORTED_VERSION, "block format version " + version + " is not supported (this build reads version " + VERSION + ")");
        }
        int flags = block[off + 1] & 0xff;
        if ((flags & ~(FLAG_ZSTD | FLAG_TREE)) != 0) {
            throw new BlockFormatException(Reason.UNSUPPORTED_VERSION, "block flags 0x" + Integer.toHexString(flags) + " have unknown bits set");
        }
        BlockKind kind = (flags & FLAG_TREE) != 0 ? BlockKind.TREE : BlockKind.DATA;
        boolean zstd = (flags & FLAG_ZSTD) != 0;
        byte[] payload = zstd ? z.frame() : plainOut;
        int payloadLength;
        try {
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, kind, block, off);
            gcm.updateAAD(block, off, HEADER_LENGTH);
            payloadLength = gcm.doFinal(block, off + HEADER_LENGTH, len - HEADER_LENGTH, payload, 0);
        } catch (AEADBadTagException e) {
            throw new BlockFormatException(Reason.WRONG_KEY, "block does not authenticate under this repository's "
                    + kind.name().toLowerCase() + " key (wrong repository secret, or not written by this repository)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
        int length = zstd ? decompress(z, payload, payloadLength, plainOut) : payloadLength;
        byte[] mac = plaintextMac(kind, plainOut, 0, length);
        if (!nonceMatches(mac, block, off + 2)) {
            throw new BlockFormatException(Reason.CORRUPT, "decrypted plaintext does not match the block's synthetic nonce");
        }
        return new OpenedBlock(kind, length, mac);
    }

    /** Constant-time comparison of the MAC's first {@link #NONCE_LENGTH} bytes with the nonce at {@code block[at..]}. */
    private static boolean nonceMatches(byte[] mac, byte[] block, int at) {
        int diff = 0;
        for (int i = 0; i < NONCE_LENGTH; i++) diff |= mac[i] ^ block[at + i];
        return diff == 0;
    }

    private static int decompress(ZstdWork z, byte[] payload, int length, byte[] out) {
        long size = Zstd.getFrameContentSize(payload, 0, length);
        if (size < 0 || size > MAX_PLAINTEXT) {
            throw new BlockFormatException(Reason.CORRUPT, "zstd frame declares an invalid content size " + size);
        }
        long n;
        try {
            n = z.decompressor().decompressByteArray(out, 0, (int) size, payload, 0, length);
        } catch (ZstdException e) {
            throw new BlockFormatException(Reason.CORRUPT, "zstd payload is damaged: " + e.getMessage(), e);
        }
        if (n != size) {
            throw new BlockFormatException(Reason.CORRUPT, "zstd payload is damaged: decompressed " + n + " of " + size + " bytes");
        }
        return (int) n;
    }

    /** A GCM cipher set up for the block whose header starts at {@code header[at]}. */
    private Cipher cipher(int mode, BlockKind kind, byte[] header, int at) throws GeneralSecurityException {
        Mac kdf = (kind == BlockKind.TREE ? treeKeyMac : dataKeyMac).get();
        kdf.update(PER_BLOCK_LABEL);
        kdf.update(header, at + 2, NONCE_LENGTH);
        byte[] key = kdf.doFinal();
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        GCMParameterSpec iv = new GCMParameterSpec(TAG_LENGTH * 8, header, at + 2, NONCE_LENGTH);
        Cipher gcm = gcms.get();
        try {
            gcm.init(mode, spec, iv);
        } catch (InvalidAlgorithmParameterException e) {
            // A GCM cipher refuses to encrypt again under the key and IV of its last encryption (a
            // guard against nonce reuse). Encoding the same plaintext twice does exactly that, by
            // design (deterministic blocks): a fresh cipher takes it.
            gcm = BulkCrypto.aesGcm();
            gcm.init(mode, spec, iv);
        }
        return gcm;
    }

    /** A zstd compression and decompression context with their buffers, each made at first use. */
    private static final class ZstdWork {
        private ZstdCompressCtx compressor;
        private ZstdDecompressCtx decompressor;
        private byte[] frame;
        private byte[] plain;

        ZstdCompressCtx compressor() {
            if (compressor == null) {
                compressor = new ZstdCompressCtx();
                compressor.setLevel(ZSTD_LEVEL);
                compressor.setContentSize(true);
                compressor.setChecksum(false);
            }
            return compressor;
        }

        ZstdDecompressCtx decompressor() {
            if (decompressor == null) decompressor = new ZstdDecompressCtx();
            return decompressor;
        }

        /** Room for a zstd frame of a largest plaintext. */
        byte[] frame() {
            if (frame == null) frame = new byte[SCRATCH];
            return frame;
        }

        byte[] plain() {
            if (plain == null) plain = new byte[MAX_PLAINTEXT];
            return plain;
        }

        void close() {
            if (compressor != null) compressor.close();
            if (decompressor != null) decompressor.close();
        }
    }

    private static PerThread<Mac> macFor(byte[] key) {
        byte[] k = key.clone();
        return new PerThread<>(() -> {
            try {
                Mac mac = BulkCrypto.hmacSha256();
                mac.init(new SecretKeySpec(k, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    private static PerThread<Cipher> gcmPerThread() {
        return new PerThread<>(() -> {
            try {
                return BulkCrypto.aesGcm();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM/NoPadding unavailable", e);
            }
        });
    }

    /**
     * One instance per thread of a primitive from {@link BulkCrypto}, made again once the native
     * provider has loaded if the thread's first one came from the JDK (else a thread that started
     * early would keep the slower JDK code for the rest of the run).
     */
    private static final class PerThread<T> {
        /** A thread's instance, and whether the native provider had loaded when it was made. */
        private record Made<T>(T value, boolean afterNativeLoad) {}

        private final Supplier<T> make;
        private final ThreadLocal<Made<T>> slot = new ThreadLocal<>();

        PerThread(Supplier<T> make) {
            this.make = make;
        }

        T get() {
            Made<T> m = slot.get();
            if (m == null || (!m.afterNativeLoad() && BulkCrypto.nativeLoaded())) {
                boolean loaded = BulkCrypto.nativeLoaded(); // read first: a load during make() is seen next time
                m = new Made<>(make.get(), loaded);
                slot.set(m);
            }
            return m.value();
        }
    }

}
