#!/usr/bin/env bash
# Phoenix vs restic on the same generated tree, in the same run (DESIGN.md section 9).
#
# Usage: bench/snapshot-vs-restic.sh [--size MIB | --small-files N [--flat] | --large-file GIB | --unchanged N]
#                                    [--seed SEED] [--work DIR] [--fresh-fs GIB] [--restic-only] [--no-check] [--keep]
#   --size MIB        the mixed tree of bench/gen-dataset.sh (default 2048 = the 2 GiB reference tree)
#   --small-files N   N files of 200-600 bytes, 1,000 per directory (bench/gen-small-files.sh), one layer;
#                     with --flat all N in one directory
#   --large-file GIB  one file of GIB GiB of incompressible bytes (bench/gen-large-file.sh), one layer;
#                     the incremental rewrites 16 regions of 4 MiB in place
#   --unchanged N     N small files; the second snapshot runs on the unchanged tree (metadata only) and
#                     the files per second of each tool's second run are printed; no restore
#   --seed SEED       generator seed (default 1)
#   --work DIR        scratch directory (default /tmp/phoenix-bench; wiped at start)
#   --fresh-fs GIB    mount a new ext4 file system of GIB GiB (an image file DIR.img, loop-mounted;
#                     root only) on the scratch directory, so that the times do not depend on what
#                     the machine deleted before (ext4's inode allocation does); removed afterwards
#   --restic-only     measure restic alone (when the Phoenix CLI cannot snapshot yet)
#   --no-check        skip the byte-for-byte comparison of the restored trees
#   --keep            keep the scratch directory afterwards
#
# Measures, for each tool: first snapshot of the tree, incremental snapshot after ~5% change
# (bench/gen-dataset.sh --mutate, gen-small-files.sh --mutate, or the large file's rewritten
# regions), full restore of the latest snapshot (twice per tool, ABBA order, mean reported). Prints
# wall times, the Phoenix/restic time ratios (below 1 means Phoenix is faster), CPU seconds and
# peak RSS (/usr/bin/time -v).
# The mixed tree's three top directories are the three layers: models -> mind, logs -> body,
# data -> spirit; restic backs up the same three directories. The small files are layer body, the
# large file layer mind.
#
# Both tools read a warm page cache (the tree is read once before the first measurement) and
# write to the same filesystem. Installs restic and GNU time from Debian if they are missing.
#
# The CLI is this tree's ./phoenix launcher, which rebuilds the jar first when sources are newer
# (with ./mvnw; Maven 3.9 reads extra options from MAVEN_ARGS, e.g.
# MAVEN_ARGS="-o -Dmaven.repo.local=DIR"). A rebuild inside a measurement invalidates it, so to
# keep working on the sources while a benchmark runs, copy the launcher and the built jar aside
# (bench/freeze-cli.sh DIR) and set PHOENIX_CLI=DIR/phoenix.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
phoenix=${PHOENIX_CLI:-$root/phoenix}
size=2048
mode=tree
count=0
flat=""
seed=1
work=/tmp/phoenix-bench
fresh_fs=""
restic_only=""
check=yes
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --small-files) mode=small; count=$2; shift 2 ;;
    --flat) flat=--flat; shift ;;
    --large-file) mode=large; size=$2; shift 2 ;;
    --unchanged) mode=unchanged; count=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --fresh-fs) fresh_fs=$2; shift 2 ;;
    --restic-only) restic_only=yes; shift ;;
    --no-check) check=""; shift ;;
    --keep) keep=yes; shift ;;
    -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
    *) echo "snapshot-vs-restic: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$size" in ''|*[!0-9]*) echo "snapshot-vs-restic: --size and --large-file need a number" >&2; exit 2 ;; esac
case "$count" in ''|*[!0-9]*) echo "snapshot-vs-restic: --small-files and --unchanged need a number of files" >&2; exit 2 ;; esac
case "$fresh_fs" in *[!0-9]*) echo "snapshot-vs-restic: --fresh-fs needs a size in GiB" >&2; exit 2 ;; esac

need_pkgs=""
command -v restic >/dev/null 2>&1 || need_pkgs="$need_pkgs restic"
[ -x /usr/bin/time ] || need_pkgs="$need_pkgs time"
if [ -n "$need_pkgs" ]; then
  echo "== installing$need_pkgs from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need_pkgs >/dev/null
fi

gen="$root/bench/gen-dataset.sh"
data="$work/data"
if mountpoint -q "$work" 2>/dev/null; then umount "$work"; fi
rm -rf "$work" "$work.img"
mkdir -p "$work"
if [ -n "$fresh_fs" ]; then
  echo "== a new ext4 file system of $fresh_fs GiB on $work" >&2
  truncate -s "${fresh_fs}G" "$work.img"
  mkfs.ext4 -q -F -i 4096 "$work.img" # an inode per 4 KiB: four copies of 300,000 small files fit
  mount -o loop "$work.img" "$work"
  [ -n "$keep" ] || trap 'umount "$work"; rm -rf "$work" "$work.img"' EXIT
else
  [ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
fi

case "$mode" in
  tree)
    echo "== generating a $size MiB tree (seed $seed) in $data" >&2
    "$gen" "$data" "$size" "$seed"
    sources=("$data/models" "$data/logs" "$data/data")
    layers=(--layer "mind=$data/models" --layer "body=$data/logs" --layer "spirit=$data/data")
    pairs="models:mind logs:body data:spirit"
    mutate() { "$gen" --mutate "$data" "$((seed + 1000))" 5; } ;;
  small|unchanged)
    echo "== generating $count small files${flat:+ in one directory} (seed $seed) in $data/small" >&2
    mkdir -p "$data"
    "$root/bench/gen-small-files.sh" "$data/small" "$count" "$seed" $flat
    sources=("$data/small")
    layers=(--layer "body=$data/small")
    pairs="small:body"
    if [ "$mode" = small ]; then mutate() { "$root/bench/gen-small-files.sh" --mutate "$data/small" "$((seed + 1000))" 5; }
    else mutate() { :; }; fi ;;
  large)
    echo "== generating one file of $size GiB (seed $seed) in $data/model" >&2
    mkdir -p "$data/model"
    "$root/bench/gen-large-file.sh" "$data/model/weights.bin" "$size" "$seed"
    sources=("$data/model")
    layers=(--layer "mind=$data/model")
    pairs="model:mind"
    mutate() { "$root/bench/gen-large-file.sh" --mutate "$data/model/weights.bin" "$((seed + 1000))" 16; } ;;
esac
warm() { find "$data" -type f -print0 | xargs -0 cat >/dev/null; } # same warm page cache for both tools
warm

declare -A secs rss cpu
# measure KEY CMD...: wall seconds and peak RSS of CMD (stdout to $work/KEY.out)
measure() {
  local key=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$work/$key.time" "$@" >"$work/$key.out" 2>"$work/$key.err"; then
    echo "snapshot-vs-restic: '$*' failed:" >&2
    tail -n 20 "$work/$key.err" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  secs[$key]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  rss[$key]=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/$key.time")
  cpu[$key]=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$work/$key.time")
  printf '   %-22s %8.2f s  CPU %7.2f s  peak RSS %6s MiB\n' "$key" "${secs[$key]}" "${cpu[$key]}" "${rss[$key]}" >&2
}

# compare SRC DST: same files, sizes and contents
compare() {
  local a b
  a=$("$gen" --manifest "$1" | cut -d' ' -f1)
  b=$("$gen" --manifest "$2" | cut -d' ' -f1)
  if [ "$a" != "$b" ]; then echo "snapshot-vs-restic: restored $2 differs from $1" >&2; exit 1; fi
}

phoenix_ok=""
if [ -z "$restic_only" ]; then
  export PHOENIX_PASSPHRASE=bench-passphrase
  home="$work/phoenix-home"
  echo "== building the Phoenix CLI" >&2
  if "$phoenix" --help >/dev/null 2>"$work/phoenix-build.err" && "$phoenix" --home "$home" init >"$work/init.out" 2>"$work/init.err"; then
    phoenix_ok=yes
  else
    echo "   Phoenix CLI not usable (init failed), measuring restic only:" >&2
    tail -n 5 "$work/init.err" "$work/phoenix-build.err" 2>/dev/null >&2 || true
  fi
fi
export RESTIC_PASSWORD=bench-passphrase
export RESTIC_CACHE_DIR="$work/restic-cache"
repo="$work/restic-repo"
restic -r "$repo" init >/dev/null

echo "== first snapshot" >&2
[ -n "$phoenix_ok" ] && measure phoenix-first "$phoenix" --home "$home" snapshot "${layers[@]}" --json
measure restic-first restic -r "$repo" backup --host bench "${sources[@]}"

if [ "$mode" = unchanged ]; then echo "== leaving the tree unchanged" >&2; else echo "== mutating ~5% of the tree" >&2; fi
mutate
warm

echo "== incremental snapshot (restic first this time: neither tool always goes first)" >&2
measure restic-incr restic -r "$repo" backup --host bench "${sources[@]}"
[ -n "$phoenix_ok" ] && measure phoenix-incr "$phoenix" --home "$home" snapshot "${layers[@]}" --json

steps="first incr restore"
if [ "$mode" = unchanged ]; then
  steps="first incr"
  check=""
else
echo "== full restore, twice each in the order phoenix restic restic phoenix (the mean is reported)" >&2
# Restoring creates every file again; on ext4 the cost of allocating inodes depends on what was
# deleted recently, so whoever goes first pays differently: the ABBA order cancels that out.
[ -n "$phoenix_ok" ] && measure phoenix-restore1 "$phoenix" --home "$home" restore latest --to "$work/phoenix-restore"
measure restic-restore1 restic -r "$repo" restore latest --target "$work/restic-restore"
measure restic-restore2 restic -r "$repo" restore latest --target "$work/restic-restore2"
# the large file's second copies go at once (four restores of 8 GiB would not fit beside the repositories);
# elsewhere they stay, since deleting many files just before the other tool's restore would slow its inode allocation
[ "$mode" = large ] && rm -rf "$work/restic-restore2"
[ -n "$phoenix_ok" ] && measure phoenix-restore2 "$phoenix" --home "$home" restore latest --to "$work/phoenix-restore2"
[ "$mode" = large ] && rm -rf "$work/phoenix-restore2"
for tool in phoenix restic; do
  [ "$tool" = phoenix ] && [ -z "$phoenix_ok" ] && continue
  secs[$tool-restore]=$(awk -v a="${secs[$tool-restore1]}" -v b="${secs[$tool-restore2]}" 'BEGIN { printf "%.3f", (a + b) / 2 }')
  cpu[$tool-restore]=$(awk -v a="${cpu[$tool-restore1]}" -v b="${cpu[$tool-restore2]}" 'BEGIN { printf "%.2f", (a + b) / 2 }')
  rss[$tool-restore]=$(( ${rss[$tool-restore1]} > ${rss[$tool-restore2]} ? ${rss[$tool-restore1]} : ${rss[$tool-restore2]} ))
done
fi

if [ -n "$check" ]; then
  echo "== checking the restored trees" >&2
  for pair in $pairs; do
    src=${pair%%:*} layer=${pair##*:}
    [ -n "$phoenix_ok" ] && compare "$data/$src" "$work/phoenix-restore/$layer"
    compare "$data/$src" "$work/restic-restore$data/$src"
  done
  echo "   restored trees are identical to the source" >&2
fi

tree_mib=$(du -sm "$data" | cut -f1)
echo
files=$(find "$data" -type f | wc -l)
echo "Phoenix vs restic: $mode, $tree_mib MiB, $files files (seed $seed), $(nproc) cores, restic $(restic version | cut -d' ' -f2)"
printf '%-10s %10s %10s %10s %12s %12s %10s %14s %14s\n' step "phoenix s" "restic s" "ph/restic" "phoenix CPU" "restic CPU" "CPU ratio" "phoenix RSS" "restic RSS"
for step in $steps; do
  if [ -n "$phoenix_ok" ]; then
    ratio=$(awk -v a="${secs[phoenix-$step]}" -v b="${secs[restic-$step]}" 'BEGIN { printf "%.3f", a / b }')
    cratio=$(awk -v a="${cpu[phoenix-$step]}" -v b="${cpu[restic-$step]}" 'BEGIN { printf "%.3f", a / b }')
    printf '%-10s %10.2f %10.2f %10.2f %12.2f %12.2f %10.2f %10s MiB %10s MiB\n' "$step" "${secs[phoenix-$step]}" "${secs[restic-$step]}" "$ratio" \
      "${cpu[phoenix-$step]}" "${cpu[restic-$step]}" "$cratio" "${rss[phoenix-$step]}" "${rss[restic-$step]}"
  else
    printf '%-10s %10s %10.2f %10s %12s %12.2f %10s %14s %10s MiB\n' "$step" - "${secs[restic-$step]}" - - "${cpu[restic-$step]}" - - "${rss[restic-$step]}"
  fi
done
echo "(wall time is what the issue measures; CPU = user + system seconds, less sensitive to other load on the machine)"
echo "repository size: restic $(du -sm "$repo" | cut -f1) MiB${phoenix_ok:+, phoenix $(du -sm "$home" | cut -f1) MiB}"
if [ "$mode" = unchanged ]; then
  for tool in phoenix restic; do
    [ "$tool" = phoenix ] && [ -z "$phoenix_ok" ] && continue
    awk -v t="$tool" -v n="$files" -v s="${secs[$tool-incr]}" 'BEGIN { printf "%s: unchanged tree scanned at %.0f files/s (%d files, %.2f s, whole command)\n", t, n / s, n, s }'
  done
fi
echo "targets: first <= 0.50, incr <= 0.50, restore <= 0.50 (must: <= 1.00)"
[ -n "$phoenix_ok" ] && { echo "phoenix --json (first):"; cat "$work/phoenix-first.out"; }
exit 0
