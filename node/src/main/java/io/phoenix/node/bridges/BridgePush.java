package io.phoenix.node.bridges;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's push of one snapshot to one bridge: where it stands, how many attempts it took, when
 * the next one is due, and what the bridge said (the remote's detail on success, the failure kind
 * and message otherwise). A value; {@link PushLedger} keeps and persists them.
 *
 * @param sequence     the manifest's sequence number (ordering, "latest" on a bridge)
 * @param manifestTime the manifest's time
 * @param attempts     push attempts made so far (0 while pending)
 * @param updated      when this state was reached
 * @param nextTry      when a retrying push is tried again, else null
 * @param detail       what the bridge reports on success (e.g. "pinned recursively", an Arweave index), else null
 * @param failure      the {@code BridgeFailure} name in lower case of the last failure, else null
 * @param error        the last failure's message, else null
 * @param blocks       blocks in the snapshot (-1 until a push succeeded)
 * @param bytesSent    bytes sent by the successful push (0 when the bridge had everything)
 * @param pushMillis   duration of the successful attempt
 */
public record BridgePush(String bridge, Cid snapshot, long sequence, Instant manifestTime, Status status, int attempts,
                         Instant updated, Instant nextTry, String detail, String failure, String error,
                         long blocks, long bytesSent, long pushMillis) {
    /** Where a push stands. */
    public enum Status {
        /** queued, not tried yet (or interrupted by a shutdown) */
        PENDING,
        /** an attempt is running */
        PUSHING,
        /** the last attempt failed with a failure a retry can cure; tried again at {@code nextTry} */
        RETRYING,
        /** the bridge holds the snapshot complete */
        PUSHED,
        /** the last attempt failed permanently; not retried until the daemon restarts */
        FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FormatException("unknown push status '" + s + "'");
            }
        }
    }

    public static BridgePush pending(String bridge, Cid snapshot, long sequence, Instant manifestTime, Instant now) {
        return new BridgePush(bridge, snapshot, sequence, manifestTime, Status.PENDING, 0, now, null, null, null, null, -1, 0, 0);
    }

    public BridgePush pushing(Instant now) {
        return new BridgePush(bridge, snapshot, sequence, manifestTime, Status.PUSHING, attempts + 1, now, null, detail, failure, error, blocks, 0, 0);
    }

    public BridgePush pushed(Instant now, String remoteDetail, long blockCount, long sent, long millis) {
        return new BridgePush(bridge, snapshot, sequence, manifestTime, Status.PUSHED, attempts, now, null, remoteDetail, null, null, blockCount, sent, millis);
    }

    public BridgePush retrying(Instant now, Instant next, String failureKind, String message) {
        return new BridgePush(bridge, snapshot, sequence, manifestTime, Status.RETRYING, attempts, now, next, detail, failureKind, message, blocks, 0, 0);
    }

    public BridgePush failed(Instant now, String failureKind, String message) {
        return new BridgePush(bridge, snapshot, sequence, manifestTime, Status.FAILED, attempts, now, null, detail, failureKind, message, blocks, 0, 0);
    }

    /** Back to pending (a restart resumes what was running or waiting). Attempts are kept. */
    public BridgePush resumed(Instant now) {
        return new BridgePush(bridge, snapshot, sequence, manifestTime, Status.PENDING, attempts, now, null, detail, failure, error, blocks, 0, 0);
    }

    /** The JSON object of the state file and the control API (docs/bridges.md, "Automatic pushes"). */
    public Map<String, Object> toJson() {
        Map<String, Object> j = Json.object();
        j.put("bridge", bridge);
        j.put("id", snapshot.toString());
        j.put("sequence", sequence);
        j.put("manifest_time", manifestTime.toString());
        j.put("status", status.label());
        j.put("attempts", attempts);
        j.put("updated", updated.toString());
        j.put("next_try", nextTry == null ? null : nextTry.toString());
        j.put("detail", detail);
        j.put("failure", failure);
        j.put("error", error);
        j.put("blocks", blocks);
        j.put("bytes_sent", bytesSent);
        j.put("push_millis", pushMillis);
        return j;
    }

    public static BridgePush fromJson(Map<String, Object> j) {
        try {
            return new BridgePush(text(j, "bridge"), Cid.parse(text(j, "id")), number(j, "sequence"), Instant.parse(text(j, "manifest_time")),
                    Status.parse(text(j, "status")), (int) number(j, "attempts"), Instant.parse(text(j, "updated")),
                    j.get("next_try") == null ? null : Instant.parse(text(j, "next_try")), optional(j, "detail"), optional(j, "failure"),
                    optional(j, "error"), number(j, "blocks"), number(j, "bytes_sent"), number(j, "push_millis"));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new FormatException("bad push record: " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> j, String key) {
        if (!(j.get(key) instanceof String s)) throw new FormatException("push record: '" + key + "' must be a string");
        return s;
    }

    private static String optional(Map<String, Object> j, String key) {
        Object v = j.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new FormatException("push record: '" + key + "' must be a string or null");
        return s;
    }

    private static long number(Map<String, Object> j, String key) {
        if (!(j.get(key) instanceof BigDecimal d)) throw new FormatException("push record: '" + key + "' must be a number");
        return d.longValueExact();
    }
}
