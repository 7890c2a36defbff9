package io.phoenix.protocol.exchange;

/**
 * Limits of one node's block exchange.
 *
 * @param uploadBytesPerSecond total upload rate this node serves at, 0 = unlimited
 * @param perPeerUploadBytesPerSecond upload rate towards any one peer, 0 = unlimited
 * @param downloadBytesPerSecond total rate this node requests blocks at, 0 = unlimited
 * @param perPeerDownloadBytesPerSecond rate this node requests blocks at from any one peer, 0 = unlimited
 * @param burstBytes token-bucket depth of every limit
 * @param fetch scheduler tuning
 */
public record ExchangeOptions(long uploadBytesPerSecond, long perPeerUploadBytesPerSecond, long downloadBytesPerSecond,
        long perPeerDownloadBytesPerSecond, long burstBytes, FetchConfig fetch) {

    public ExchangeOptions {
        if (uploadBytesPerSecond < 0 || perPeerUploadBytesPerSecond < 0 || downloadBytesPerSecond < 0 || perPeerDownloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth limits cannot be negative");
        }
        if (burstBytes <= 0) throw new IllegalArgumentException("burst must be positive: " + burstBytes);
    }

    /** Upload limits only. */
    public ExchangeOptions(long uploadBytesPerSecond, long perPeerUploadBytesPerSecond, long burstBytes, FetchConfig fetch) {
        this(uploadBytesPerSecond, perPeerUploadBytesPerSecond, 0, 0, burstBytes, fetch);
    }

    public static ExchangeOptions defaults() {
        return new ExchangeOptions(0, 0, 4L << 20, FetchConfig.defaults());
    }
}
