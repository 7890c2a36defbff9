#!/usr/bin/env bash
# Deterministic tree of many small files (stdlib python3 only): episodic logs and sensor readings
# of a few hundred bytes each, the small-files workload of bench/snapshot-vs-restic.sh.
#
# Usage:
#   gen-small-files.sh DIR COUNT SEED [--flat]     COUNT files of 200-600 bytes in DIR (absent or empty);
#                                                  1,000 per directory (DIR/NNNN/NNNNNN.json), or all
#                                                  in DIR itself with --flat
#   gen-small-files.sh --mutate DIR SEED [PCT]     change ~PCT% (default 5) of the files in place:
#                                                  2/5 rewritten, 2/5 appended to, 1/5 new files,
#                                                  and as many as 1/10 of that deleted
#
# Determinism: same (COUNT, SEED) -> identical names, bytes and mtimes; every file's bytes come from
# (SEED, its name) through SHAKE-256, so the order of generation does not matter.
set -euo pipefail
exec python3 - "$@" <<'PY'
import hashlib, os, random, sys

GEN_EPOCH = 1704067200   # 2024-01-01T00:00:00Z
MUT_EPOCH = 1706745600   # 2024-02-01T00:00:00Z
PER_DIR = 1000
KINDS = ["episode", "sensor", "dream", "valence", "heartbeat"]


def die(msg):
    print("gen-small-files: " + msg, file=sys.stderr)
    sys.exit(2)


def content(seed, name, size):
    """size bytes of JSON-ish text: compressible like real logs, distinct per file."""
    h = hashlib.shake_256(("%s:%s" % (seed, name)).encode()).digest(64)
    r = random.Random(int.from_bytes(h[:16], "little"))
    lines = []
    n = 0
    t = int.from_bytes(h[16:22], "little") % 10_000_000
    while n < size:
        line = '{"t":%d,"kind":"%s","id":"%s","v":%.4f,"ok":%s}\n' % (
            t, KINDS[int(r.random() * len(KINDS))], h[22 + int(r.random() * 30):][:6].hex(), r.random(),
            "true" if r.random() < 0.9 else "false")
        lines.append(line)
        n += len(line)
        t += 1 + int(r.random() * 1000)
    return "".join(lines).encode()[:size]


def write(path, data, mtime):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.utime(path, (mtime, mtime))


def size_of(seed, name):
    h = hashlib.sha256(("size:%s:%s" % (seed, name)).encode()).digest()
    return 200 + int.from_bytes(h[:4], "little") % 401


def generate(root, count, seed, flat):
    if os.path.exists(root) and os.listdir(root):
        die(root + " is not empty")
    os.makedirs(root, exist_ok=True)
    for i in range(count):
        d = root if flat else os.path.join(root, "%04d" % (i // PER_DIR))
        if not flat and i % PER_DIR == 0:
            os.makedirs(d, exist_ok=True)
        name = "%06d.json" % i
        write(os.path.join(d, name), content(seed, name, size_of(seed, name)), GEN_EPOCH + i)


def mutate(root, seed, pct):
    files = []
    for d, _, names in os.walk(root):
        for n in names:
            files.append(os.path.join(d, n))
    files.sort()
    r = random.Random(seed)
    k = max(1, len(files) * pct // 100)
    picked = sorted(r.sample(range(len(files)), min(len(files), k)))
    mtime = MUT_EPOCH + seed
    for j, i in enumerate(picked):
        p = files[i]
        name = os.path.basename(p) + ":m%d" % seed
        if j % 5 < 2:
            write(p, content(seed, name, size_of(seed, name)), mtime)
        elif j % 5 < 4:
            with open(p, "ab") as f:
                f.write(content(seed, name, 100))
            os.utime(p, (mtime, mtime))
        else:
            new = os.path.join(os.path.dirname(p), "new-%d-%06d.json" % (seed, j))
            write(new, content(seed, new, size_of(seed, new)), mtime)
    for i in sorted(r.sample(range(len(files)), max(1, k // 10)), reverse=True):
        if os.path.exists(files[i]):
            os.remove(files[i])


args = sys.argv[1:]
if args and args[0] == "--mutate":
    if len(args) not in (3, 4):
        die("usage: --mutate DIR SEED [PCT]")
    mutate(args[1], int(args[2]), int(args[3]) if len(args) == 4 else 5)
else:
    flat = "--flat" in args
    args = [a for a in args if a != "--flat"]
    if len(args) != 3:
        die("usage: DIR COUNT SEED [--flat]")
    generate(args[0], int(args[1]), int(args[2]), flat)
PY
