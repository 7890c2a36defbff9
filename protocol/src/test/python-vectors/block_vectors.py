#!/usr/bin/env python3
"""Independent reference for Phoenix's key derivation and block format (docs/format.md, docs/crypto.md).

Uses only hashlib/hmac and the `cryptography` package (AES-GCM, HKDF) -- none of the Java code.
Its output is pinned in GoldenVectorsTest.java; rerun by hand to re-derive:
    python3 block_vectors.py
"""
import hashlib, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes

secret = bytes(range(32))

def hkdf(info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"phoenix/v1/repository-secret", info=info).derive(secret)

block_key, nonce_key, tree_key = hkdf(b"phoenix/v1/block-key"), hkdf(b"phoenix/v1/nonce-key"), hkdf(b"phoenix/v1/tree-key")
tree_nonce_key = hmac.new(tree_key, b"phoenix/v1/tree-nonce-key", hashlib.sha256).digest()

def block(plaintext, tree=False):
    mac = hmac.new(tree_nonce_key if tree else nonce_key, plaintext, hashlib.sha256).digest()
    nonce = mac[:12]
    flags = 0x02 if tree else 0x00  # stored (plaintexts under 64 bytes are never compressed)
    header = bytes([1, flags]) + nonce
    key = hmac.new(tree_key if tree else block_key, b"phoenix/v1/per-block-key" + nonce, hashlib.sha256).digest()
    return mac, header + AESGCM(key).encrypt(nonce, plaintext, header)

def cid_raw(b):
    # CIDv1 raw sha2-256, base32 lower without padding, multibase prefix 'b'
    import base64
    return "b" + base64.b32encode(bytes([1, 0x55, 0x12, 0x20]) + hashlib.sha256(b).digest()).decode().lower().rstrip("=")

def file_digest(chunks):
    h = hashlib.sha256(b"phoenix/v1/file-digest")
    total = 0
    for mac, n in chunks:
        h.update(n.to_bytes(4, "big") + mac)
        total += n
    h.update(total.to_bytes(8, "big"))
    return h.digest()

print("blockKey ", block_key.hex())
print("nonceKey ", nonce_key.hex())
print("treeKey  ", tree_key.hex())
for name, pt, tree in [("data", b"hello phoenix", False), ("empty", b"", False), ("tree", b"\x08\x01", True)]:
    mac, b = block(pt, tree)
    print(name, "mac  ", mac.hex())
    print(name, "block", b.hex())
    print(name, "cid  ", cid_raw(b))
m1, _ = block(b"hello phoenix")
m2, _ = block(b"")
print("fileDigest", file_digest([(m1, 13), (m2, 0)]).hex())
