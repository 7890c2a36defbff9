package io.phoenix.protocol.p2p.mss;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;

/**
 * multistream-select 1.0 in both roles over blocking streams. The dialer pipelines the header
 * with its first proposal in one write (as js-libp2p does); the listener never waits for its own
 * header to be acknowledged and answers {@code na} to protocols it does not serve (and to
 * {@code ls}).
 */
public final class MultistreamSelect {
    /** Proposals a listener answers before giving up on a dialer. */
    public static final int MAX_PROPOSALS = 32;

    private MultistreamSelect() {}

    /** Dialer: proposes {@code protocols} in order; returns the accepted one. */
    public static String select(InputStream in, OutputStream out, List<String> protocols) throws IOException {
        if (protocols.isEmpty()) throw new IllegalArgumentException("no protocols to propose");
        out.write(MultistreamCodec.encode(MultistreamCodec.HEADER, protocols.get(0)));
        out.flush();
        String header = MultistreamCodec.read(in);
        if (!header.equals(MultistreamCodec.HEADER)) throw new MultistreamException("unexpected multistream header '" + header + "'");
        for (int i = 0; i < protocols.size(); i++) {
            if (i > 0) {
                out.write(MultistreamCodec.encode(protocols.get(i)));
                out.flush();
            }
            String answer = MultistreamCodec.read(in);
            if (answer.equals(protocols.get(i))) return answer;
            if (!answer.equals(MultistreamCodec.NA)) {
                throw new MultistreamException("listener answered '" + answer + "' to proposal '" + protocols.get(i) + "'");
            }
        }
        throw new MultistreamException("peer supports none of " + protocols);
    }

    /** Listener: answers proposals until one is {@code supported}; returns it. */
    public static String handle(InputStream in, OutputStream out, Predicate<String> supported) throws IOException {
        String header = MultistreamCodec.read(in);
        if (!header.equals(MultistreamCodec.HEADER)) throw new MultistreamException("unexpected multistream header '" + header + "'");
        // Answer the header at once when no proposal is waiting (a dialer may wait for it);
        // otherwise send it together with the first answer, in one write.
        boolean headerSent = false;
        if (in.available() == 0) {
            out.write(MultistreamCodec.encode(MultistreamCodec.HEADER));
            out.flush();
            headerSent = true;
        }
        for (int i = 0; i < MAX_PROPOSALS; i++) {
            String proposal = MultistreamCodec.read(in);
            boolean ok = !proposal.equals("ls") && supported.test(proposal);
            String answer = ok ? proposal : MultistreamCodec.NA;
            out.write(headerSent ? MultistreamCodec.encode(answer) : MultistreamCodec.encode(MultistreamCodec.HEADER, answer));
            out.flush();
            headerSent = true;
            if (ok) return proposal;
        }
        throw new MultistreamException("dialer made more than " + MAX_PROPOSALS + " proposals");
    }
}
