package io.phoenix.protocol.block;

import com.github.luben.zstd.Zstd;
import io.phoenix.protocol.block.BlockFormatException.Reason;
import io.phoenix.protocol.chunk.Chunker;
import io.phoenix.protocol.crypto.BulkCrypto;
import io.phoenix.protocol.crypto.Hkdf;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.multiformats.FormatException;
import io.phoenix.protocol.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
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
    public static final int ZSTD_LEVEL = 3;
    public static final String PER_BLOCK_KEY_LABEL = "phoenix/v1/per-block-key";
    public static final String TREE_NONCE_KEY_LABEL = "phoenix/v1/tree-nonce-key";

    static {
        if (Chunker.MAX_SIZE > MAX_PLAINTEXT) throw new AssertionError("chunker max exceeds block capacity");
    }

    private static final byte[] PER_BLOCK_LABEL = PER_BLOCK_KEY_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final int SCRATCH = (int) Zstd.compressBound(MAX_PLAINTEXT);

    private final ThreadLocal<Mac> dataNonceMac;
    private final ThreadLocal<Mac> treeNonceMac;
    private final ThreadLocal<Mac> dataKeyMac;
    private final ThreadLocal<Mac> treeKeyMac;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[SCRATCH]);

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
        if (off < 0 || len < 0 || off > buf.length - len) throw new IndexOutOfBoundsException();
        if (len > MAX_PLAINTEXT) throw new IllegalArgumentException("plaintext of " + len + " bytes exceeds " + MAX_PLAINTEXT);
        byte[] mac = plaintextMac != null ? plaintextMac : plaintextMac(kind, buf, off, len);
        if (mac.length != 32) throw new IllegalArgumentException("plaintext MAC must be 32 bytes");

        byte[] src = buf;
        int srcOff = off;
        int srcLen = len;
        int flags = kind == BlockKind.TREE ? FLAG_TREE : 0;
        if (len >= 64) {
            byte[] tmp = scratch.get();
            long n = Zstd.compressByteArray(tmp, 0, tmp.length, buf, off, len, ZSTD_LEVEL);
            if (!Zstd.isError(n) && n <= len - (len >> 5) - 8) {
                src = tmp;
                srcOff = 0;
                srcLen = (int) n;
                flags |= FLAG_ZSTD;
            }
        }
        byte[] block = new byte[OVERHEAD + srcLen];
        block[0] = VERSION;
        block[1] = (byte) flags;
        System.arraycopy(mac, 0, block, 2, NONCE_LENGTH);
        try {
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, kind, block);
            gcm.updateAAD(block, 0, HEADER_LENGTH);
            int written = gcm.doFinal(src, srcOff, srcLen, block, HEADER_LENGTH);
            if (written != srcLen + TAG_LENGTH) throw new IllegalStateException("unexpected GCM output length");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
        return new EncodedBlock(Cid.ofRaw(block), block, mac, len);
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
        if (block.length < OVERHEAD) {
            throw new BlockFormatException(Reason.TRUNCATED, "block is " + block.length + " bytes, shorter than the " + OVERHEAD + "-byte minimum");
        }
        if (block.length > MAX_BLOCK_SIZE) {
            throw new BlockFormatException(Reason.CORRUPT, "block is " + block.length + " bytes, larger than the " + MAX_BLOCK_SIZE + "-byte maximum");
        }
        int version = block[0] & 0xff;
        if (version != VERSION) {
            throw new BlockFormatException(Reason.UNSUPPORTED_VERSION, "block format version " + version + " is not supported (this build reads version " + VERSION + ")");
        }
        int flags = block[1] & 0xff;
        if ((flags & ~(FLAG_ZSTD | FLAG_TREE)) != 0) {
            throw new BlockFormatException(Reason.UNSUPPORTED_VERSION, "block flags 0x" + Integer.toHexString(flags) + " have unknown bits set");
        }
        BlockKind kind = (flags & FLAG_TREE) != 0 ? BlockKind.TREE : BlockKind.DATA;
        byte[] payload;
        try {
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, kind, block);
            gcm.updateAAD(block, 0, HEADER_LENGTH);
            payload = gcm.doFinal(block, HEADER_LENGTH, block.length - HEADER_LENGTH);
        } catch (AEADBadTagException e) {
            throw new BlockFormatException(Reason.WRONG_KEY, "block does not authenticate under this repository's "
                    + kind.name().toLowerCase() + " key (wrong repository secret, or not written by this repository)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
        byte[] plaintext = (flags & FLAG_ZSTD) != 0 ? decompress(payload) : payload;
        byte[] mac = plaintextMac(kind, plaintext, 0, plaintext.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(mac, NONCE_LENGTH), Arrays.copyOfRange(block, 2, HEADER_LENGTH))) {
            throw new BlockFormatException(Reason.CORRUPT, "decrypted plaintext does not match the block's synthetic nonce");
        }
        return new DecodedBlock(kind, plaintext, mac);
    }

    private static byte[] decompress(byte[] payload) {
        long size = Zstd.getFrameContentSize(payload, 0, payload.length);
        if (size < 0 || size > MAX_PLAINTEXT) {
            throw new BlockFormatException(Reason.CORRUPT, "zstd frame declares an invalid content size " + size);
        }
        byte[] out = new byte[(int) size];
        long n = Zstd.decompressByteArray(out, 0, out.length, payload, 0, payload.length);
        if (Zstd.isError(n) || n != size) {
            throw new BlockFormatException(Reason.CORRUPT, "zstd payload is damaged: "
                    + (Zstd.isError(n) ? Zstd.getErrorName(n) : "decompressed " + n + " of " + size + " bytes"));
        }
        return out;
    }

    private Cipher cipher(int mode, BlockKind kind, byte[] header) throws GeneralSecurityException {
        Mac kdf = (kind == BlockKind.TREE ? treeKeyMac : dataKeyMac).get();
        kdf.update(PER_BLOCK_LABEL);
        kdf.update(header, 2, NONCE_LENGTH);
        byte[] key = kdf.doFinal();
        Cipher gcm = BulkCrypto.aesGcm();
        gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, header, 2, NONCE_LENGTH));
        return gcm;
    }

    private static ThreadLocal<Mac> macFor(byte[] key) {
        byte[] k = key.clone();
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = BulkCrypto.hmacSha256();
                mac.init(new SecretKeySpec(k, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }
}
