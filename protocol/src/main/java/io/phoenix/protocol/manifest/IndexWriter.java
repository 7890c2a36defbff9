package io.phoenix.protocol.manifest;

import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams block CIDs into index pages of {@link IndexPage#CAPACITY}, handing each full page to a
 * sink; memory is one page plus the page CIDs. The caller adds each block once (dedup is its job)
 * in any stable order; {@link #finish()} returns the page CIDs for {@link Manifest#indexPages()}.
 */
public final class IndexWriter {
    private final IndexPageSink sink;
    private final List<Cid> pending = new ArrayList<>();
    private final List<Cid> pages = new ArrayList<>();
    private long count;
    private boolean finished;

    public IndexWriter(IndexPageSink sink) {
        this.sink = sink;
    }

    public void add(Cid block) throws IOException {
        if (finished) throw new IllegalStateException("index already finished");
        if (block.version() != 1 || block.codec() != Cid.RAW) throw new IllegalArgumentException("not a raw-block CID: " + block);
        pending.add(block);
        count++;
        if (pending.size() == IndexPage.CAPACITY) flush();
    }

    /** Blocks added so far. */
    public long count() {
        return count;
    }

    public List<Cid> finish() throws IOException {
        if (finished) throw new IllegalStateException("index already finished");
        finished = true;
        if (!pending.isEmpty()) flush();
        return List.copyOf(pages);
    }

    private void flush() throws IOException {
        IndexPage page = new IndexPage(pending);
        byte[] bytes = page.encode();
        Cid cid = Cid.of(Cid.DAG_CBOR, bytes);
        sink.put(cid, bytes);
        pages.add(cid);
        pending.clear();
    }
}
