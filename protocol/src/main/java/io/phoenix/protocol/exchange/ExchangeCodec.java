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
     * A Holdings frame without a bitmap: {@code complete} (the server holds every entry; the
     * client then needs no bitmap) or, with {@code complete} false and {@code total} 0, "I do not
     * know this snapshot".
     */
    public static byte[] holdings(Cid manifest, long total, boolean complete) {
        return ExchangeFrame.newBuilder().setHoldings(Holdings.newBuilder().setManifest(ByteString.copyFrom(manifest.toBytes()))
                .setTotal(total).setComplete(complete)).build().toByteArray();
    }

    /**
     * One Holdings window of a partial snapshot: bit {@code k} of {@code bitmap} (byte k/8, least
     * significant bit first) is entry {@code firstIndex + k}; at most
     * {@link ExchangeLimits#MAX_BITMAP_BYTES} bytes, {@code firstIndex} a multiple of 8.
     */
    public static byte[] holdingsWindow(Cid manifest, long total, long firstIndex, byte[] bitmap) {
        if (firstIndex % 8 != 0 || bitmap.length > ExchangeLimits.MAX_BITMAP_BYTES) {
            throw new IllegalArgumentException("Holdings window at " + firstIndex + " of " + bitmap.length + " bytes");
        }
        return ExchangeFrame.newBuilder().setHoldings(Holdings.newBuilder().setManifest(ByteString.copyFrom(manifest.toBytes()))
                .setTotal(total).setFirstIndex(firstIndex).setBitmap(ByteString.copyFrom(bitmap))).build().toByteArray();
    }

    /** How many windows the bitmap of an index of {@code total} entries takes (each at most {@link ExchangeLimits#MAX_BITMAP_BYTES}). */
    public static long holdingsWindows(long total) {
        long bytes = (total + 7) / 8;
        return (bytes + ExchangeLimits.MAX_BITMAP_BYTES - 1) / ExchangeLimits.MAX_BITMAP_BYTES;
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
