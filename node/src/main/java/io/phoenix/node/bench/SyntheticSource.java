package io.phoenix.node.bench;

import io.phoenix.node.snapshot.FileStat;
import io.phoenix.node.snapshot.LayerSource;
import io.phoenix.node.snapshot.Source;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic source tree that exists nowhere on disk, for the scale benchmark
 * ({@code bench/scale.sh}): the real snapshot engine stores it as it stores a file system.
 *
 * <p>Each layer {@code L} is rooted at {@code /phoenix-synthetic/L} and holds its files in
 * directories of 1,000 ({@code tNNNN/dNN/fNNN}: 100 leaf directories per top directory). A file is
 * 128 to 767 bytes of hex text (about half of it compresses away), so every file is one block.
 * What a file holds depends on the seed, its number and its <em>version</em>: the last generation,
 * up to the one being read, that rewrote its leaf directory. Generation {@code g ≥ 1} rewrites
 * {@link Spec#rate(int)} of the leaf directories (rounded to whole directories), every file in
 * them: a run of consecutive directories, counted across the layers in order, from a place the
 * seed and the generation choose. So a snapshot of generation {@code g} adds that fraction of new
 * blocks and rewrites that fraction of the listings, as a day of new data landing in a few
 * directories would. A rewritten file gets a new size,
 * content and mtime; its inode stays, as an editor saving in place would leave it. Everything is
 * computed from numbers: listing, stat and read cost no I/O and hold nothing per file.
 */
public final class SyntheticSource implements Source {
    /** The parent of every layer root. */
    public static final Path ROOT = Path.of("/phoenix-synthetic");
    /** Files per leaf directory and leaf directories per top directory. */
    static final int FILES_PER_DIR = 1000;
    static final int DIRS_PER_TOP = 100;
    static final int MIN_SIZE = 128;
    static final int SIZE_SPREAD = 640;
    private static final long BASE_NANOS = 1_767_225_600L * 1_000_000_000L; // 2026-01-01
    private static final long DAY_NANOS = 86_400L * 1_000_000_000L;
    private static final long DEVICE = 0x5eed;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * What the tree looks like: {@code files} in all, split over the layers mind (20%), body (50%)
     * and spirit (30%); generations 1 to {@code buildSnapshots - 1} rewrite {@code buildRate} of
     * the directories each, later ones {@code rate}.
     */
    public record Spec(long seed, long files, int buildSnapshots, double buildRate, double rate) {
        public Spec {
            if (files < 1 || buildSnapshots < 1 || buildRate < 0 || buildRate > 1 || rate < 0 || rate > 1) {
                throw new IllegalArgumentException("bad synthetic source: files " + files + ", snapshots " + buildSnapshots
                        + ", rates " + buildRate + " and " + rate);
            }
        }

        /** The fraction of leaf directories generation {@code g} rewrites (none in generation 0). */
        double rate(int g) {
            if (g <= 0) return 0;
            return g < buildSnapshots ? buildRate : rate;
        }
    }

    private static final String[] LAYERS = {"mind", "body", "spirit"};
    private static final int[] SHARE_PERCENT = {20, 50, 30};

    private final Spec spec;
    private final int generation;
    private final long[] files = new long[LAYERS.length];

    /** The tree as it is at {@code generation} (0: the first snapshot). */
    public SyntheticSource(Spec spec, int generation) {
        this.spec = spec;
        this.generation = generation;
        long left = spec.files();
        for (int l = 0; l < LAYERS.length; l++) {
            files[l] = l == LAYERS.length - 1 ? left : spec.files() * SHARE_PERCENT[l] / 100;
            left -= files[l];
        }
    }

    /** The layers to give the engine, in priority order. */
    public List<LayerSource> layers() {
        List<LayerSource> out = new ArrayList<>();
        for (String l : LAYERS) out.add(new LayerSource(l, List.of(ROOT.resolve(l))));
        return out;
    }

    /** Files in the tree. */
    public long files() {
        return spec.files();
    }

    /** Leaf directories in the tree. */
    public long directories() {
        long n = 0;
        for (long f : files) n += leaves(f);
        return n;
    }

    @Override
    public FileStat stat(Path path) throws IOException {
        Node n = parse(path);
        return switch (n.depth) {
            case 0 -> dirStat(1L << 50 | n.layer);
            case 1 -> dirStat(1L << 49 | (long) n.layer << 32 | n.top);
            case 2 -> dirStat(1L << 48 | (long) n.layer << 32 | n.leaf);
            default -> {
                int v = version(n.layer, n.leaf);
                long mtime = BASE_NANOS + v * DAY_NANOS + n.file % 1_000_000_000L;
                yield new FileStat(FileStat.Kind.FILE, 0644, size(n.layer, n.file, v), mtime, mtime,
                        (long) n.layer << 40 | (n.file + 1), DEVICE);
            }
        };
    }

    private static FileStat dirStat(long inode) {
        return new FileStat(FileStat.Kind.DIRECTORY, 0755, 4096, BASE_NANOS, BASE_NANOS, inode, DEVICE);
    }

    @Override
    public List<byte[]> names(Path dir) throws IOException {
        Node n = parse(dir);
        List<byte[]> out = new ArrayList<>();
        long count = files[n.layer];
        switch (n.depth) {
            case 0 -> {
                long tops = (leaves(count) + DIRS_PER_TOP - 1) / DIRS_PER_TOP;
                for (long t = 0; t < tops; t++) out.add(name('t', t, 4));
            }
            case 1 -> {
                long first = n.top * DIRS_PER_TOP;
                long end = Math.min(leaves(count), first + DIRS_PER_TOP);
                for (long k = first; k < end; k++) out.add(name('d', k - first, 2));
            }
            case 2 -> {
                long first = n.leaf * FILES_PER_DIR;
                long end = Math.min(count, first + FILES_PER_DIR);
                for (long f = first; f < end; f++) out.add(name('f', f - first, 3));
            }
            default -> throw new IOException(dir + ": not a directory");
        }
        return out;
    }

    @Override
    public String readLink(Path link) throws IOException {
        throw new IOException(link + ": not a symlink");
    }

    @Override
    public ReadableByteChannel open(Path file) throws IOException {
        Node n = parse(file);
        if (n.depth != 3) throw new IOException(file + ": not a regular file");
        return new Content(content(n.layer, n.file, version(n.layer, n.leaf)));
    }

    /** The bytes of file {@code file} of layer {@code layer} at version {@code v}. */
    byte[] content(int layer, long file, int v) {
        byte[] b = new byte[size(layer, file, v)];
        long x = mix(spec.seed() ^ mix(layer * 0x9E3779B97F4A7C15L ^ mix(file ^ mix(v + 0xC0FFEEL))));
        for (int i = 0; i < b.length; i++) {
            if ((i & 63) == 63) {
                b[i] = '\n';
                continue;
            }
            if ((i & 15) == 0) x = mix(x + 0x9E3779B97F4A7C15L);
            b[i] = HEX[(int) (x >>> ((i & 15) * 4)) & 15];
        }
        return b;
    }

    private int size(int layer, long file, int v) {
        return MIN_SIZE + (int) Long.remainderUnsigned(mix(spec.seed() * 31 + mix(layer * 7919L + mix(file * 65_537L + v))), SIZE_SPREAD);
    }

    /** The last generation up to this one that rewrote leaf directory {@code leaf} of {@code layer}; 0 if none. */
    int version(int layer, long leaf) {
        long all = 0, global = leaf;
        for (int l = 0; l < LAYERS.length; l++) {
            if (l < layer) global += leaves(files[l]);
            all += leaves(files[l]);
        }
        for (int g = generation; g >= 1; g--) {
            long count = Math.round(spec.rate(g) * all);
            if (count == 0) continue;
            long start = Long.remainderUnsigned(mix(spec.seed() ^ mix(g + 0x5CA1EL)), all);
            if (Math.floorMod(global - start, all) < count) return g;
        }
        return 0;
    }

    private static long leaves(long files) {
        return (files + FILES_PER_DIR - 1) / FILES_PER_DIR;
    }

    private static byte[] name(char prefix, long n, int digits) {
        String s = Long.toString(n);
        byte[] b = new byte[1 + Math.max(digits, s.length())];
        b[0] = (byte) prefix;
        int pad = b.length - 1 - s.length();
        for (int i = 0; i < pad; i++) b[1 + i] = '0';
        for (int i = 0; i < s.length(); i++) b[1 + pad + i] = (byte) s.charAt(i);
        return b;
    }

    /** An entry of the tree: depth 0 a layer root, 1 a top directory, 2 a leaf directory, 3 a file. */
    private record Node(int layer, int depth, long top, long leaf, long file) {}

    private Node parse(Path p) throws NoSuchFileException {
        if (!p.startsWith(ROOT) || p.getNameCount() < ROOT.getNameCount() + 1 || p.getNameCount() > ROOT.getNameCount() + 4) {
            throw new NoSuchFileException(p.toString());
        }
        int base = ROOT.getNameCount();
        String layerName = p.getName(base).toString();
        int layer = -1;
        for (int l = 0; l < LAYERS.length; l++) if (LAYERS[l].equals(layerName)) layer = l;
        if (layer < 0) throw new NoSuchFileException(p.toString());
        int depth = p.getNameCount() - base - 1;
        long count = files[layer];
        long top = depth >= 1 ? number(p, base + 1, 't') : -1;
        long leaf = depth >= 2 ? top * DIRS_PER_TOP + number(p, base + 2, 'd') : -1;
        long file = depth >= 3 ? leaf * FILES_PER_DIR + number(p, base + 3, 'f') : -1;
        if ((depth >= 1 && top * DIRS_PER_TOP >= leaves(count)) || (depth >= 2 && (leaf >= leaves(count) || number(p, base + 2, 'd') >= DIRS_PER_TOP))
                || (depth >= 3 && (file >= count || number(p, base + 3, 'f') >= FILES_PER_DIR))) {
            throw new NoSuchFileException(p.toString());
        }
        return new Node(layer, depth, top, leaf, file);
    }

    private static long number(Path p, int index, char prefix) throws NoSuchFileException {
        String s = p.getName(index).toString();
        if (s.length() < 2 || s.charAt(0) != prefix) throw new NoSuchFileException(p.toString());
        try {
            return Long.parseLong(s, 1, s.length(), 10);
        } catch (NumberFormatException e) {
            throw new NoSuchFileException(p.toString());
        }
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A file's content as a channel. */
    private static final class Content implements ReadableByteChannel {
        private final ByteBuffer bytes;
        private boolean open = true;

        Content(byte[] b) {
            this.bytes = ByteBuffer.wrap(b);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!bytes.hasRemaining()) return -1;
            int n = Math.min(dst.remaining(), bytes.remaining());
            ByteBuffer slice = bytes.slice(bytes.position(), n);
            dst.put(slice);
            bytes.position(bytes.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
