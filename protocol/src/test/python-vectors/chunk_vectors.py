#!/usr/bin/env python3
"""Independent reference for Phoenix's chunk boundaries (docs/format.md section 2). Pure Python.

Data: SHA-256(b"phoenix/v1/chunk-vector" + u32be(i)) for i = 0, 1, ... concatenated, 6 MiB.
Prints the chunk lengths, pinned in ChunkVectorsTest.java.
"""
import hashlib, struct

MIN, NORMAL, MAX = 128 * 1024, 424 * 1024, 1024 * 1024 - 30
M64 = (1 << 64) - 1
MASK_S = (M64 << (64 - 21)) & M64
MASK_L = (M64 << (64 - 17)) & M64
GEAR = [struct.unpack(">Q", hashlib.sha256(b"phoenix/v1/gear" + bytes([i])).digest()[:8])[0] for i in range(256)]

def data(n):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"phoenix/v1/chunk-vector" + struct.pack(">I", i)).digest()
        i += 1
    return bytes(out[:n])

def cut(buf, off, length):
    if length <= MIN:
        return length
    end = min(length, MAX)
    normal = min(end, NORMAL)
    h = 0
    for i in range(MIN, end):
        h = ((h << 1) + GEAR[buf[off + i]]) & M64
        if h & (MASK_S if i < normal else MASK_L) == 0:
            return i + 1
    return end

d = data(6 * 1024 * 1024)
off, lengths = 0, []
while off < len(d):
    n = cut(d, off, len(d) - off)
    lengths.append(n)
    off += n
print(lengths)
