package io.phoenix.bridge.arweave;

/** A transaction tag (UTF-8 name and value; base64url on the wire). */
public record ArweaveTag(String name, String value) {}
