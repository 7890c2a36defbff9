package io.phoenix.protocol.exchange;

/**
 * Limits of one node's block exchange.
 *
 * @param uploadBytesPerSecond total upload rate this node serves at, 0 = unlimited
 * @param perPeerUploadBytesPerSecond upload rate towards any one peer, 0 = unlimited
 * @param burstBytes token-bucket depth of both limits
 * @param fetch scheduler tuning
 */
public record ExchangeOptions(long uploadBytesPerSecond, long perPeerUploadBytesPerSecond, long burstBytes, FetchConfig fetch) {
    public static ExchangeOptions defaults() {
        return new ExchangeOptions(0, 0, 4L << 20, FetchConfig.defaults());
    }
}
