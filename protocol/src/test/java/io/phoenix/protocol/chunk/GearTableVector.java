package io.phoenix.protocol.chunk;

/** Gear table entries computed independently (Python hashlib: SHA-256(b"phoenix/v1/gear" + bytes([i]))[:8], signed big-endian). */
final class GearTableVector {
    static final long FIRST = 3243315597415121586L;
    static final long LAST = 4655780274893973039L;

    private GearTableVector() {}
}
