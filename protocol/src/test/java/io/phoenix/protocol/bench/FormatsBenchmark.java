package io.phoenix.protocol.bench;

import io.phoenix.protocol.block.BlockCodec;
import io.phoenix.protocol.block.DataKeys;
import io.phoenix.protocol.chunk.Chunker;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Single-thread throughput of the chunk boundary scan and the block encoder (not a test; run by
 * hand: {@code java -cp target/classes:target/test-classes:<deps> io.phoenix.protocol.bench.FormatsBenchmark}).
 * Prints MB/s (10^6 bytes per CPU-second of the benchmark thread) per input kind, best of several
 * rounds after warm-up.
 */
public final class FormatsBenchmark {
    private FormatsBenchmark() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) << 20 : 128 * 1024 * 1024;
        byte[] random = new byte[size];
        new Random(1).nextBytes(random);
        byte[] text = compressible(size);
        BlockCodec codec = new BlockCodec(DataKeys.derive(new byte[32]));
        for (String kind : new String[] {"random", "text"}) {
            byte[] data = kind.equals("random") ? random : text;
            System.out.printf("chunk scan  %-6s %7.0f MB/s%n", kind, best(() -> scan(data), data.length));
            System.out.printf("HMAC only   %-6s %7.0f MB/s%n", kind, best(() -> macs(codec, data), data.length));
            System.out.printf("zstd -" + io.phoenix.protocol.block.BlockCodec.ZSTD_LEVEL + "     %-6s %7.0f MB/s%n", kind, best(() -> zstd(data), data.length));
            System.out.printf("AES-GCM     %-6s %7.0f MB/s%n", kind, best(() -> gcm(data), data.length));
            System.out.printf("SHA-256     %-6s %7.0f MB/s%n", kind, best(() -> sha(data), data.length));
            System.out.printf("encode      %-6s %7.0f MB/s%n", kind, best(() -> encode(codec, data), data.length));
            java.util.List<io.phoenix.protocol.block.EncodedBlock> blocks = new java.util.ArrayList<>();
            for (int off = 0; off < data.length; ) {
                int len = Chunker.nextBoundary(data, off, data.length - off);
                blocks.add(codec.encode(data, off, len));
                off += len;
            }
            System.out.printf("decode      %-6s %7.0f MB/s%n", kind, best(() -> decode(codec, blocks), data.length));
        }
    }

    static byte[] compressible(int size) {
        Random r = new Random(2);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("2026-11-25T20:").append(r.nextInt(60)).append(':').append(r.nextInt(60))
                    .append(" INFO node-").append(r.nextInt(16)).append(" snapshot layer=mind file=")
                    .append(Long.toHexString(r.nextLong())).append(" bytes=").append(r.nextInt(1 << 20)).append('\n');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static long scan(byte[] data) {
        long n = 0;
        int off = 0;
        while (off < data.length) {
            off += Chunker.nextBoundary(data, off, data.length - off);
            n++;
        }
        return n;
    }

    static long macs(BlockCodec codec, byte[] data) {
        long n = 0;
        for (int off = 0; off < data.length; off += 512 * 1024) n += codec.plaintextMac(data, off, Math.min(512 * 1024, data.length - off))[0];
        return n;
    }

    static long zstd(byte[] data) {
        byte[] out = new byte[(int) com.github.luben.zstd.Zstd.compressBound(512 * 1024)];
        long n = 0;
        for (int off = 0; off < data.length; off += 512 * 1024) {
            n += com.github.luben.zstd.Zstd.compressByteArray(out, 0, out.length, data, off, Math.min(512 * 1024, data.length - off), io.phoenix.protocol.block.BlockCodec.ZSTD_LEVEL);
        }
        return n;
    }

    static long gcm(byte[] data) {
        try {
            byte[] out = new byte[512 * 1024 + 16];
            long n = 0;
            byte[] iv = new byte[12];
            for (int off = 0; off < data.length; off += 512 * 1024) {
                iv[0]++;
                iv[1] = (byte) (off >>> 20);
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"), new javax.crypto.spec.GCMParameterSpec(128, iv));
                n += c.doFinal(data, off, Math.min(512 * 1024, data.length - off), out, 0);
            }
            return n;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static long sha(byte[] data) {
        long n = 0;
        for (int off = 0; off < data.length; off += 512 * 1024) n += io.phoenix.protocol.multiformats.Multihash.sha256Digest(data, off, Math.min(512 * 1024, data.length - off))[0];
        return n;
    }

    static long encode(BlockCodec codec, byte[] data) {
        long n = 0;
        int off = 0;
        while (off < data.length) {
            int len = Chunker.nextBoundary(data, off, data.length - off);
            n += codec.encode(data, off, len).bytes().length;
            off += len;
        }
        return n;
    }

    static long decode(BlockCodec codec, java.util.List<io.phoenix.protocol.block.EncodedBlock> blocks) {
        long n = 0;
        for (io.phoenix.protocol.block.EncodedBlock b : blocks) n += codec.decode(b.cid(), b.bytes()).length;
        return n;
    }

    interface Work {
        long run();
    }

    /** Best MB/s over rounds 2..5, measured on this thread's CPU time (so other processes on a busy machine do not count). */
    static double best(Work w, long bytes) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double best = 0;
        long sink = 0;
        for (int i = 0; i < 5; i++) {
            long t = mx.getCurrentThreadCpuTime();
            sink += w.run();
            double mbs = bytes / ((mx.getCurrentThreadCpuTime() - t) / 1e9) / 1e6;
            if (i > 0) best = Math.max(best, mbs);
        }
        if (sink == 42) System.out.print("");
        return best;
    }
}
