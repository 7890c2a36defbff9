package io.phoenix.bridge.pinning;

import io.phoenix.protocol.multiformats.Cid;
import java.util.List;

/** A pin request as the service reports it ({@code PinStatus} in the API). */
public record PinStatus(String requestId, Status status, Cid cid, String name, List<String> origins, List<String> delegates) {
    public enum Status { QUEUED, PINNING, PINNED, FAILED }
}
