#!/usr/bin/env bash
# Scale: heap, RSS and time of the real engine and node at 1, 5 and 20 million blocks (issue 12).
#
# Usage: bench/scale.sh [--blocks 1m,5m,20m] [--snapshots N] [--live PERCENT] [--seed N]
#                       [--work DIR] [--gc-every SECONDS] [--repl-timeout SECONDS] [--keep]
#   --blocks LIST      repository sizes to build and measure, in blocks (k and m suffixes; default 1m,5m,20m)
#   --snapshots N      snapshots per repository (default 100)
#   --live PERCENT     files of the tree (one block each) as a share of the blocks (default 10): the first
#                      snapshot stores them, each later one rewrites enough of them that the repository
#                      reaches its size after N snapshots (why not 50%: docs/benchmarks.md, "Scale")
#   --seed N           seed of the synthetic tree (default 1)
#   --work DIR         scratch directory (default /tmp/phoenix-scale; wiped at start)
#   --gc-every S       seconds between forced full collections of a measured JVM (default 2)
#   --repl-timeout S   how long a replication may take before it is stopped and reported with how far it
#                      got (default 900)
#   --keep             keep the repositories afterwards (they are deleted by default)
#
# For each size: a testnet layout of three homes (phoenix testnet up + down: node0 the writer, node1 a
# fresh site, node2 a site that will hold every earlier snapshot); N snapshots of a synthetic tree
# (io.phoenix.node.bench.SyntheticSource: files of 128-767 bytes, 1,000 per directory, nothing on
# disk) taken by the real engine in node0's home in one JVM (io.phoenix.node.bench.ScaleBench build);
# node2's store is made a copy of node0's (hard links to the immutable packs and index runs, a copy of
# the ledger) holding all N. Then measured, each in a new JVM with the launcher's settings (-Xmx192m):
#   snapshot      an incremental snapshot rewriting 1% of the directories (ScaleBench snapshot)
#   verify        phoenix verify latest
#   restore-path  phoenix restore latest --layer body --path t0000/d00 (one directory of 1,000 files)
#   export-car    phoenix export latest --car FILE
#   bridge-push   phoenix bridge push car latest ([bridges.car] in node0's config.toml)
#   start-writer  phoenix node run on node0 until it prints its ready line
#   start-holder  the same on node2 (holds every snapshot but the new one)
#   repl-holder   node2, from its ready line until it holds the new snapshot complete
#   repl-fresh    node1 (empty store, started after node2 stopped), from its ready line until it holds its
#                 first snapshot complete (it learns the 64 newest at once and takes the first admitted)
#   serve-writer  node0 while it served both (heap and RSS over that time; seconds: both replications)
# Heap after GC: every measured JVM logs its collections (-Xlog:gc*:file) and gets a full collection
# (jcmd PID GC.run) 0.5 s after it started and every --gc-every seconds until it exits; the figure is
# the most the heap held after any of those full collections (in KiB from the log), for the nodes also
# after one at their ready line and at the end. Peak RSS: /usr/bin/time -v (commands), VmHWM (nodes);
# it counts the pages of the store's memory-mapped index too, so anonymous memory (RssAnon, sampled
# every 0.25 s) is printed beside it. "samples": the forced full collections behind a heap figure.
# Prints a table per size and all sizes together, with heap per million blocks, and exits 1 when a
# command fails or an operation's heap after GC at the largest size is more than 20% (and 1 MiB) above
# its heap at the smallest.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=1m,5m,20m
snapshots=100
live=10
seed=1
work=/tmp/phoenix-scale
gc_every=2
repl_timeout=900
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --blocks) sizes=$2; shift 2 ;;
    --snapshots) snapshots=$2; shift 2 ;;
    --live) live=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --gc-every) gc_every=$2; shift 2 ;;
    --repl-timeout) repl_timeout=$2; shift 2 ;;
    --keep) keep=yes; shift ;;
    -h|--help) sed -n '2,43p' "$0"; exit 0 ;;
    *) echo "scale: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$snapshots" "$live" "$seed" "$repl_timeout"; do
  case "$v" in ''|*[!0-9]*) echo "scale: --snapshots, --live, --seed and --repl-timeout need a number" >&2; exit 2 ;; esac
done
[ "$snapshots" -ge 2 ] || { echo "scale: --snapshots must be at least 2" >&2; exit 2; }
blocks_of() { # 1m -> 1000000, 500k -> 500000
  case "$1" in
    *[mM]) echo $(( ${1%?} * 1000000 )) ;;
    *[kK]) echo $(( ${1%?} * 1000 )) ;;
    *[!0-9]*|'') echo "scale: bad size '$1' in --blocks" >&2; exit 2 ;;
    *) echo "$1" ;;
  esac
}
IFS=, read -r -a size_list <<<"$sizes"
for s in "${size_list[@]}"; do blocks_of "$s" >/dev/null; done

[ -x /usr/bin/time ] || { echo "== installing GNU time from Debian" >&2; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
command -v jq >/dev/null 2>&1 || { echo "== installing jq from Debian" >&2; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }

. "$root/.mvn/jdk.sh"
phoenix_find_jdk >/dev/null
jcmd="$JAVA_HOME/bin/jcmd"
phoenix="$root/phoenix"

rm -rf "$work"
mkdir -p "$work"
cleanup() {
  for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

echo "== building the Phoenix CLI and the testnet jar (when sources changed)" >&2
"$phoenix" --help >/dev/null
"$phoenix" testnet --help >/dev/null
jar=$(ls "$root"/node/target/node-*-cli.jar | head -n 1)

# The launcher's JVM settings for a command (./phoenix; docs/operations.md "JVM settings"), for the
# one measured JVM the launcher cannot start (ScaleBench's snapshot; the jar has it, not as a command).
cmd_jvm=(--enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xlog:disable -Xlog:all=warning:stderr -Xmx192m
  --add-opens java.base/sun.nio.fs=ALL-UNNAMED -XX:TieredStopAtLevel=1 -Dphoenix.c1only=true)
[ "$(phoenix_java_major "$JAVA_HOME")" -ge 23 ] && cmd_jvm+=(--sun-misc-unsafe-memory-access=allow)
accp="$root/node/target/native/com/amazon/corretto/crypto/provider"
[ -f "$accp/libamazonCorrettoCryptoProvider.so" ] && cmd_jvm+=(-Dcom.amazon.corretto.crypto.provider.useExternalLib=true
  "-Djava.library.path=$accp:/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib")
# The build is not measured: the same heap, the full JIT (it runs for many minutes).
build_jvm=("${cmd_jvm[@]}")
build_jvm=("${build_jvm[@]/-XX:TieredStopAtLevel=1/-XX:+TieredCompilation}")
build_jvm=("${build_jvm[@]/-Dphoenix.c1only=true/-Dphoenix.c1only=false}")

# gc_max LOG: the most the heap held after a full collection in a -Xlog:gc* log, in KiB ("" if none):
# the generations' sizes after each "Pause Full" (the gc,heap lines, in K), summed per collection
gc_max() {
  awk 'match($0, /GC\([0-9]+\)/) { id = substr($0, RSTART + 3, RLENGTH - 4) }
       /Pause Full/ && /->/ { full[id] = 1 }
       /gc,heap/ && match($0, /Gen: [0-9]+K\([0-9]+K\)->[0-9]+K/) {
         g = substr($0, RSTART, RLENGTH); sub(/.*->/, "", g); sub(/K/, "", g); after[id] += g }
       END { for (i in full) if (after[i] > max || !seen) { max = after[i]; seen = 1 }
             if (seen) printf "%d", max }' "$1" 2>/dev/null
}
# sampler PID FILE: a full collection 0.5 s after start and every $gc_every s while PID lives; the
# most anonymous memory (RssAnon, KiB) seen meanwhile, checked every 0.25 s, goes to FILE
sampler() {
  local pid=$1 out=$2 anon max=0 next
  sleep 0.5
  next=0
  while kill -0 "$pid" 2>/dev/null; do
    anon=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    if [ -n "$anon" ] && [ "$anon" -gt "$max" ]; then max=$anon; echo "$max" >"$out"; fi
    if [ "$(date +%s%N)" -ge "$next" ]; then
      "$jcmd" "$pid" GC.run >/dev/null 2>&1 || true
      next=$(( $(date +%s%N) + ${gc_every%.*} * 1000000000 ))
    fi
    sleep 0.25
  done
}
# full_gcs LOG: how many forced full collections a log shows (the samples behind a heap figure)
full_gcs() { grep -c 'Pause Full (Diagnostic Command)' "$1" 2>/dev/null || true; }
kib_to_mib() { awk -v k="${1:--}" 'BEGIN { if (k == "-") print "n/a"; else printf "%.1f", k / 1024 }'; }

declare -A secs heap rss
results="$work/results.tsv"
: >"$results"
record() { # size op seconds heapKiB rssKiB anonKiB samples [note]
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:--}" "${5:--}" "${6:--}" "${7:--}" "${8:--}" >>"$results"
  printf '   %-13s %9.2f s  heap after GC %8s MiB (%s samples)  peak RSS %7s MiB, anonymous %7s MiB  %s\n' "$2" "$3" \
    "$(kib_to_mib "$4")" "${7:-0}" "$(kib_to_mib "$5")" "$(kib_to_mib "$6")" "${8:-}" >&2
}

# measure SIZE OP CMD...: one command in a new JVM; wall time, heap after GC, peak RSS. The GC log
# option goes to the launcher in PHOENIX_JAVA_OPTS, or replaces the argument @GCLOG@ of a java command.
measure() {
  local size=$1 op=$2; shift 2
  local d="$work/$size/m"
  mkdir -p "$d"
  local gclog="$d/$op.gc.log" t0 t1 tpid jpid rc=0 a args=()
  for a in "$@"; do [ "$a" = @GCLOG@ ] && args+=("-Xlog:gc*:file=$gclog") || args+=("$a"); done
  t0=$(date +%s.%N)
  PHOENIX_JAVA_OPTS="-Xlog:gc*:file=$gclog" /usr/bin/time -v -o "$d/$op.time" "${args[@]}" >"$d/$op.out" 2>"$d/$op.err" &
  tpid=$!
  jpid=""
  for _ in $(seq 1 100); do jpid=$(pgrep -P "$tpid" | head -n 1 || true); [ -n "$jpid" ] && break; sleep 0.05; done
  [ -n "$jpid" ] && { sampler "$jpid" "$d/$op.anon" & }
  wait "$tpid" || rc=$?
  t1=$(date +%s.%N)
  wait 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    echo "scale: '$*' failed (exit $rc):" >&2
    tail -n 20 "$d/$op.err" >&2
    exit 1
  fi
  local s r
  s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$d/$op.time")
  record "$size" "$op" "$s" "$(gc_max "$gclog")" "$r" "$(cat "$d/$op.anon" 2>/dev/null)" "$(full_gcs "$gclog")"
}

# node_start SIZE OP HOME: starts `phoenix node run` on HOME, waits for its ready line; sets NODE_PID
node_start() {
  local size=$1 op=$2 home=$3
  local d="$work/$size/m" t0 t1
  mkdir -p "$d"
  t0=$(date +%s.%N)
  # "node run --home", not "--home … node run": the launcher gives the node the full JIT only when "node" comes first
  PHOENIX_JAVA_OPTS="-Xlog:gc*:file=$d/$op.gc.log" "$phoenix" node run --home "$home" --passphrase-file "$net/passphrase" \
    >"$d/$op.out" 2>"$d/$op.err" &
  NODE_PID=$!
  echo "$NODE_PID" >"$work/$op.pid"
  sampler "$NODE_PID" "$d/$op.anon" &
  until grep -q '^phoenix node ' "$d/$op.out" 2>/dev/null; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then echo "scale: node $home exited:" >&2; tail -n 20 "$d/$op.err" >&2; exit 1; fi
    sleep 0.05
  done
  t1=$(date +%s.%N)
  "$jcmd" "$NODE_PID" GC.run >/dev/null 2>&1 || true
  NODE_READY_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}
node_rss() { awk '/VmHWM/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
node_stop() { # PID PIDFILE-NAME
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  rm -f "$work/$2.pid"
}
# wait_complete HOME CID: until the node of HOME holds snapshot CID complete (its control API), at
# most --repl-timeout seconds; sets REPL_NOTE to "" when complete, else to how far it got. CID "first":
# until it holds any snapshot complete (a fresh site learns the 64 newest heads at once and fetches
# the first one it admitted, not necessarily the newest: docs/benchmarks.md, "Scale"); REPL_NOTE names it.
wait_complete() {
  local home=$1 cid=$2 url token deadline st sel
  url=$(jq -r .url "$home/control.json")
  token=$(jq -r .token "$home/control.json")
  deadline=$(( $(date +%s) + repl_timeout ))
  sel='.snapshots[]? | select(.id == $id)'
  [ "$cid" = first ] && sel='[.snapshots[]? | select(.complete or .held > 0)] | (map(select(.complete)) + sort_by(-.held)) | .[0] // empty'
  REPL_NOTE=""
  while :; do
    st=$(curl -fsS -H "Authorization: Bearer $token" "$url/v1/status" 2>/dev/null | jq -c --arg id "$cid" "$sel" || true)
    if [ -n "$st" ] && [ "$(jq -r .complete <<<"$st")" = true ]; then
      [ "$cid" = first ] && REPL_NOTE=$(jq -r '"fetched \(.id[0:16])… (\(.total) blocks)"' <<<"$st")
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      REPL_NOTE="stopped before it knew the snapshot"
      [ -n "$st" ] && REPL_NOTE=$(jq -r '"stopped after \(.held) of \(.total) blocks of \(.id[0:16])…"' <<<"$st")
      return 0
    fi
    sleep 0.2
  done
}

for size in "${size_list[@]}"; do
  n=$(blocks_of "$size")
  files=$(( n * live / 100 ))
  rate=$(awk -v n="$n" -v f="$files" -v s="$snapshots" 'BEGIN { printf "%.6f", (n / f - 1) / (s - 1) }')
  sd="$work/$size"
  net="$sd/net"
  mkdir -p "$sd"
  echo "== $size blocks: $files files, $snapshots snapshots, each after the first rewriting $rate of the directories" >&2
  "$phoenix" testnet up --nodes 3 --dir "$net" >"$sd/testnet.json"
  "$phoenix" testnet down --dir "$net" >/dev/null
  export PHOENIX_PASSPHRASE
  PHOENIX_PASSPHRASE=$(head -n 1 "$net/passphrase")
  writer="$net/node0" fresh="$net/node1" holder="$net/node2"

  echo "== building the repository (ScaleBench build; progress in $sd/build.log)" >&2
  t0=$(date +%s.%N)
  if ! "$JAVA_HOME/bin/java" "${build_jvm[@]}" -cp "$jar" io.phoenix.node.bench.ScaleBench build "$writer" --files "$files" \
      --snapshots "$snapshots" --build-rate "$rate" --rate 0.01 --seed "$seed" >"$sd/build.log" 2>&1; then
    echo "scale: build failed:" >&2; tail -n 20 "$sd/build.log" >&2; exit 1
  fi
  t1=$(date +%s.%N)
  build_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  built=$(sed -n 's/.*store holds \([0-9]*\) blocks.*/\1/p' "$sd/build.log")
  echo "   built in $build_secs s: $built blocks, $(du -sh "$writer/store" | cut -f1) on disk" >&2
  record "$size" build "$build_secs" "" "" "" "" "$built blocks, $(du -sh "$writer/store" | cut -f1)"
  echo "$size $built" >>"$work/blocks.txt"

  # node2 holds everything node0 holds now: packs and index runs are immutable (hard links), the
  # ledger is appended to (a copy); its daemon records every snapshot complete and the head
  rm -rf "$holder/store" "$holder/daemon/complete" "$holder/snapshots/heads"
  mkdir -p "$holder/store/packs" "$holder/store/index" "$holder/daemon/complete" "$holder/snapshots/heads"
  cp "$writer/store/VERSION" "$holder/store/"
  cp "$writer/store/packs/ledger" "$holder/store/packs/"
  find "$writer/store/packs" -name '*.pack' -exec cp -l {} "$holder/store/packs/" \;
  find "$writer/store/index" -name '*.run' -exec cp -l {} "$holder/store/index/" \;
  "$phoenix" --home "$writer" snapshots --json >"$sd/history.json"
  jq -r '.[].id' "$sd/history.json" | while read -r id; do : >"$holder/daemon/complete/$id"; done
  : >"$holder/snapshots/heads/$(jq -r 'max_by(.sequence).id' "$sd/history.json")"

  echo "== measuring ($size)" >&2
  measure "$size" snapshot "$JAVA_HOME/bin/java" "${cmd_jvm[@]}" @GCLOG@ -cp "$jar" io.phoenix.node.bench.ScaleBench snapshot "$writer"
  new_id=$(jq -r .id "$sd/m/snapshot.out")
  measure "$size" verify "$phoenix" --home "$writer" verify latest --json
  measure "$size" restore-path "$phoenix" --home "$writer" restore latest --to "$sd/restored" --layer body --path t0000/d00 --json
  measure "$size" export-car "$phoenix" --home "$writer" export latest --car "$sd/export.car" --json
  rm -f "$sd/export.car"
  mkdir -p "$sd/cars"
  printf '\n[bridges.car]\npath = "%s"\n' "$sd/cars" >>"$writer/config.toml"
  measure "$size" bridge-push "$phoenix" --home "$writer" bridge push car latest --json
  rm -rf "$sd/cars" "$sd/restored"

  node_start "$size" start-writer "$writer"
  wpid=$NODE_PID
  record "$size" start-writer "$NODE_READY_SECS" "$(gc_max "$sd/m/start-writer.gc.log")" "$(node_rss "$wpid")" \
    "$(cat "$sd/m/start-writer.anon" 2>/dev/null)" "$(full_gcs "$sd/m/start-writer.gc.log")"
  serve_from=$(sed -n 's/.*GC(\([0-9]*\)).*/\1/p' "$sd/m/start-writer.gc.log" | tail -n 1)
  serve_from=${serve_from:--1}
  s0=$(date +%s.%N)

  node_start "$size" start-holder "$holder"
  hpid=$NODE_PID
  record "$size" start-holder "$NODE_READY_SECS" "$(gc_max "$sd/m/start-holder.gc.log")" "$(node_rss "$hpid")" \
    "$(cat "$sd/m/start-holder.anon" 2>/dev/null)" "$(full_gcs "$sd/m/start-holder.gc.log")"
  t0=$(date +%s.%N)
  wait_complete "$holder" "$new_id"
  t1=$(date +%s.%N)
  "$jcmd" "$hpid" GC.run >/dev/null 2>&1 || true
  record "$size" repl-holder "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" \
    "$(gc_max "$sd/m/start-holder.gc.log")" "$(node_rss "$hpid")" "$(cat "$sd/m/start-holder.anon" 2>/dev/null)" \
    "$(full_gcs "$sd/m/start-holder.gc.log")" "$REPL_NOTE"
  node_stop "$hpid" start-holder

  node_start "$size" start-fresh "$fresh"
  fpid=$NODE_PID
  t0=$(date +%s.%N)
  wait_complete "$fresh" first
  t1=$(date +%s.%N)
  "$jcmd" "$fpid" GC.run >/dev/null 2>&1 || true
  record "$size" repl-fresh "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" \
    "$(gc_max "$sd/m/start-fresh.gc.log")" "$(node_rss "$fpid")" "$(cat "$sd/m/start-fresh.anon" 2>/dev/null)" \
    "$(full_gcs "$sd/m/start-fresh.gc.log")" "$REPL_NOTE"
  node_stop "$fpid" start-fresh
  s1=$(date +%s.%N)
  "$jcmd" "$wpid" GC.run >/dev/null 2>&1 || true
  # the collections after the ready line's: GC ids above the last one logged by then
  awk -v from="$serve_from" 'match($0, /GC\([0-9]+\)/) { if (substr($0, RSTART + 3, RLENGTH - 4) + 0 > from) print }' \
    "$sd/m/start-writer.gc.log" >"$sd/m/serve-writer.gc.log"
  serve_kib=$(gc_max "$sd/m/serve-writer.gc.log")
  record "$size" serve-writer "$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.3f", b - a }')" "$serve_kib" "$(node_rss "$wpid")" \
    "$(cat "$sd/m/start-writer.anon" 2>/dev/null)" "$(full_gcs "$sd/m/serve-writer.gc.log")"
  node_stop "$wpid" start-writer
  if [ "$(jq -r .id "$sd/m/snapshot.out")" != "$new_id" ]; then echo "scale: snapshot id changed" >&2; exit 1; fi
  echo "   store: $(du -sh "$writer/store" | cut -f1); home: $(du -sh "$writer" | cut -f1)" >&2
  [ -n "$keep" ] || rm -rf "$sd/net"
done

echo
printf '%-6s %-13s %10s %10s %9s %9s %11s %9s %15s  %s\n' size operation blocks seconds "heap MiB" samples "peak RSS" "anon RSS" "heap MiB/M blk" note
status=0
while IFS=$'\t' read -r size op s h r anon n note; do
  b=$(awk -v s="$size" '$1 == s { print $2 }' "$work/blocks.txt")
  printf '%-6s %-13s %10s %10.1f %9s %9s %11s %9s %15s  %s\n' "$size" "$op" "$b" "$s" "$(kib_to_mib "$h")" "${n#-}" "$(kib_to_mib "$r")" \
    "$(kib_to_mib "$anon")" "$(awk -v h="$h" -v b="$b" 'BEGIN { if (h == "-" || b == "") print "n/a"; else printf "%.2f", h / 1024 / (b / 1e6) }')" "${note#-}"
done <"$results"
if [ "${#size_list[@]}" -ge 2 ]; then
  first=${size_list[0]} last=${size_list[${#size_list[@]}-1]}
  echo
  echo "heap after GC, $last against $first (must be within 20%, and 1 MiB for the log's rounding):"
  for op in snapshot verify restore-path export-car bridge-push start-writer start-holder repl-holder repl-fresh serve-writer; do
    a=$(awk -F'\t' -v s="$first" -v o="$op" '$1 == s && $2 == o { print $4 }' "$results")
    z=$(awk -F'\t' -v s="$last" -v o="$op" '$1 == s && $2 == o { print $4 }' "$results")
    [ -n "$a" ] && [ -n "$z" ] && [ "$a" != - ] && [ "$z" != - ] || { printf '  %-13s n/a\n' "$op"; continue; }
    verdict=$(awk -v a="$a" -v z="$z" 'BEGIN { printf "%.2fx %s", z / a, (z <= a * 1.2 || z - a <= 1024) ? "flat" : "GROWS" }')
    printf '  %-13s %8s -> %8s MiB  %s\n' "$op" "$(kib_to_mib "$a")" "$(kib_to_mib "$z")" "$verdict"
    case "$verdict" in *GROWS) status=1 ;; esac
  done
fi
cp "$results" "${TMPDIR:-/tmp}/phoenix-scale-results.tsv" 2>/dev/null || true
exit $status
