#!/usr/bin/env bash
# Deterministic large file of incompressible bytes (model weights) for bench/snapshot-vs-restic.sh.
#
# Usage:
#   gen-large-file.sh PATH GIB SEED            write GIB GiB to PATH
#   gen-large-file.sh --mutate PATH SEED N     rewrite N regions of 4 MiB in place (unaligned offsets)
#
# Bytes: AES-256-CTR keystream (openssl) under a key derived from SEED, so the same (GIB, SEED)
# gives the same file on any machine; python3's SHAKE-256 where openssl is missing (slower).
set -euo pipefail
key() { printf '%s' "phoenix-bench-$1" | sha256sum | cut -c1-64; }
stream() { # stream SEED BYTES
  if command -v openssl >/dev/null 2>&1; then
    head -c "$2" < <(openssl enc -aes-256-ctr -K "$(key "$1")" -iv 00000000000000000000000000000000 -nosalt < /dev/zero 2>/dev/null)
  else
    python3 -c 'import hashlib,sys
seed,n=sys.argv[1],int(sys.argv[2]);i=0
while n>0:
  c=min(n,1<<20);sys.stdout.buffer.write(hashlib.shake_256(b"%s#%d"%(seed.encode(),i)).digest(c));n-=c;i+=1' "$1" "$2"
  fi
}
if [ "${1:-}" = --mutate ]; then
  path=$2 seed=$3 n=$4
  size=$(stat -c %s "$path")
  for i in $(seq 1 "$n"); do
    off=$(( ($(key "$seed-$i" | cut -c1-12 | sed 's/^/0x/') % (size - (4 << 20))) ))
    stream "$seed-$i" $((4 << 20)) | dd of="$path" bs=1M seek="$off" oflag=seek_bytes conv=notrunc status=none
  done
  touch -d @1706745600 "$path"
  exit 0
fi
[ $# -eq 3 ] || { echo "usage: gen-large-file.sh PATH GIB SEED | --mutate PATH SEED N" >&2; exit 2; }
stream "$3" $(( $2 << 30 )) > "$1"
touch -d @1704067200 "$1"
