package io.phoenix.protocol.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phoenix.protocol.exchange.pb.Block;
import io.phoenix.protocol.exchange.pb.Blocks;
import io.phoenix.protocol.exchange.pb.Cancel;
import io.phoenix.protocol.exchange.pb.DontHave;
import io.phoenix.protocol.exchange.pb.ExchangeFrame;
import io.phoenix.protocol.exchange.pb.Have;
import io.phoenix.protocol.exchange.pb.Hello;
import io.phoenix.protocol.exchange.pb.Holdings;
import io.phoenix.protocol.exchange.pb.Interest;
import io.phoenix.protocol.exchange.pb.Want;
import io.phoenix.protocol.multiformats.Cid;
import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.swarm.SwarmId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/** Builds and checks {@code /phoenix/blocks/1.0.0} frames (see {@code docs/swarm.md}). */
public final class ExchangeCodec {
    private ExchangeCodec() {}

    public static byte[] hello(SwarmId swarm) {
        return ExchangeFrame.newBuilder().setHello(Hello.newBuilder().setVersion(ExchangeLimits.VERSION)
                .setSwarmId(ByteString.copyFrom(swarm.toBytes()))).build().toByteArray();
    }

    public static byte[] interest(Collection<Cid> manifests) {
        Interest.Builder b = Interest.newBuilder();
        for (Cid m : manifests) b.addManifests(ByteString.copyFrom(m.toBytes()));
        return ExchangeFrame.newBuilder().setInterest(b).build().toByteArray();
    }

    public static byte[] want(List<Cid> cids) {
        return ExchangeFrame.newBuilder().setWant(Want.newBuilder().addAllCids(bytes(cids))).build().toByteArray();
    }

    public static byte[] cancel(List<Cid> cids) {
        return ExchangeFrame.newBuilder().setCancel(Cancel.newBuilder().addAllCids(bytes(cids))).build().toByteArray();
    }

    public static byte[] dontHave(List<Cid> cids) {
        return ExchangeFrame.newBuilder().setDontHave(DontHave.newBuilder().addAllCids(bytes(cids))).build().toByteArray();
    }

    public static byte[] blocks(List<Cid> cids, List<byte[]> data) {
        Blocks.Builder b = Blocks.newBuilder();
        for (int i = 0; i < cids.size(); i++) {
            b.addBlocks(Block.newBuilder().setCid(ByteString.copyFrom(cids.get(i).toBytes())).setData(ByteString.copyFrom(data.get(i))));
        }
        return ExchangeFrame.newBuilder().setBlocks(b).build().toByteArray();
    }

    public static byte[] have(Cid manifest, List<Long> indices) {
        return ExchangeFrame.newBuilder().setHave(Have.newBuilder().setManifest(ByteString.copyFrom(manifest.toBytes()))
                .addAllIndices(indices)).build().toByteArray();
    }

    /**
     * Holdings frames for a snapshot: one {@code complete} frame, or the bitmap of {@code held}
     * over {@code [0, total)} in windows of at most {@link ExchangeLimits#MAX_BITMAP_BYTES}.
     */
    public static List<byte[]> holdings(Cid manifest, long total, boolean complete, BitSet held) {
        ByteString m = ByteString.copyFrom(manifest.toBytes());
        List<byte[]> out = new ArrayList<>();
        if (complete || total == 0) {
            out.add(ExchangeFrame.newBuilder().setHoldings(Holdings.newBuilder().setManifest(m).setTotal(total)
                    .setComplete(complete)).build().toByteArray());
            return out;
        }
        byte[] all = held.toByteArray(); // little-endian: bit i of byte k = entry 8k+i
        long bytesNeeded = (total + 7) / 8;
        for (long start = 0; start < bytesNeeded; start += ExchangeLimits.MAX_BITMAP_BYTES) {
            int len = (int) Math.min(ExchangeLimits.MAX_BITMAP_BYTES, bytesNeeded - start);
            byte[] window = new byte[len];
            if (start < all.length) System.arraycopy(all, (int) start, window, 0, (int) Math.min(len, all.length - start));
            out.add(ExchangeFrame.newBuilder().setHoldings(Holdings.newBuilder().setManifest(m).setTotal(total)
                    .setFirstIndex(start * 8).setBitmap(ByteString.copyFrom(window))).build().toByteArray());
        }
        return out;
    }

    /** Entry indices a Holdings frame marks as held (all of {@code [0,total)} when complete). */
    public static BitSet heldIndices(Holdings h) {
        BitSet out = new BitSet();
        if (h.getComplete()) {
            out.set(0, (int) h.getTotal());
            return out;
        }
        BitSet window = BitSet.valueOf(h.getBitmap().asReadOnlyByteBuffer());
        int base = (int) h.getFirstIndex();
        for (int i = window.nextSetBit(0); i >= 0 && base + i < h.getTotal(); i = window.nextSetBit(i + 1)) out.set(base + i);
        return out;
    }

    /** Parses a frame and enforces every limit; a violation names what was wrong. */
    public static ExchangeFrame decode(byte[] frame) {
        ExchangeFrame f;
        try {
            f = ExchangeFrame.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolViolationException("malformed exchange frame: " + e.getMessage(), e);
        }
        switch (f.getBodyCase()) {
            case HELLO -> {
                if (f.getHello().getVersion() != ExchangeLimits.VERSION) {
                    throw new ProtocolViolationException("unsupported exchange version " + f.getHello().getVersion());
                }
            }
            case INTEREST -> {
                limit("Interest manifests", f.getInterest().getManifestsCount(), ExchangeLimits.MAX_MANIFESTS_PER_INTEREST);
                for (ByteString m : f.getInterest().getManifestsList()) cid(m);
            }
            case HOLDINGS -> {
                Holdings h = f.getHoldings();
                cid(h.getManifest());
                limit("Holdings bitmap bytes", h.getBitmap().size(), ExchangeLimits.MAX_BITMAP_BYTES);
                if (h.getFirstIndex() % 8 != 0) throw new ProtocolViolationException("Holdings first_index " + h.getFirstIndex() + " is not a multiple of 8");
                if (h.getTotal() > Integer.MAX_VALUE || h.getFirstIndex() > h.getTotal()) {
                    throw new ProtocolViolationException("Holdings window " + h.getFirstIndex() + " of " + h.getTotal() + " out of range");
                }
            }
            case HAVE -> {
                cid(f.getHave().getManifest());
                limit("Have indices", f.getHave().getIndicesCount(), ExchangeLimits.MAX_HAVE_INDICES);
            }
            case WANT -> cids("Want", f.getWant().getCidsList());
            case CANCEL -> cids("Cancel", f.getCancel().getCidsList());
            case DONT_HAVE -> cids("DontHave", f.getDontHave().getCidsList());
            case BLOCKS -> {
                List<Block> blocks = f.getBlocks().getBlocksList();
                limit("blocks per frame", blocks.size(), ExchangeLimits.MAX_BLOCKS_PER_FRAME);
                long total = 0;
                for (Block b : blocks) {
                    cid(b.getCid());
                    limit("block bytes", b.getData().size(), ExchangeLimits.MAX_BLOCK_BYTES);
                    total += b.getData().size();
                }
                limit("block bytes per frame", total, ExchangeLimits.MAX_BLOCK_DATA_PER_FRAME);
            }
            case BODY_NOT_SET -> throw new ProtocolViolationException("exchange frame without a message (unknown type?)");
        }
        return f;
    }

    public static Cid cid(ByteString bytes) {
        try {
            return Cid.fromBytes(bytes.toByteArray());
        } catch (FormatException e) {
            throw new ProtocolViolationException("bad CID in exchange frame: " + e.getMessage(), e);
        }
    }

    public static List<Cid> cids(String what, List<ByteString> list) {
        limit(what + " CIDs", list.size(), ExchangeLimits.MAX_CIDS_PER_FRAME);
        List<Cid> out = new ArrayList<>(list.size());
        for (ByteString b : list) out.add(cid(b));
        return out;
    }

    private static void limit(String what, long n, long max) {
        if (n > max) throw new ProtocolViolationException(what + ": " + n + " exceeds the limit of " + max);
    }

    private static List<ByteString> bytes(List<Cid> cids) {
        List<ByteString> out = new ArrayList<>(cids.size());
        for (Cid c : cids) out.add(ByteString.copyFrom(c.toBytes()));
        return out;
    }
}
