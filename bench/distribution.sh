#!/bin/sh
# Distribution benchmark: the same snapshot to N = 2, 5, 10 receiving nodes (plus the writer) on a
# local testnet of real node processes, beside a naive sequential copy of the same data to N
# destinations. Prints time to all-verified and the bytes the origin sent.
# Usage: bench/distribution.sh [SIZE_MiB]   (default 64)
# Must: with 10 receivers the origin sends at most 1.5x the snapshot's size.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
size=${1:-64}
. "$root/.mvn/jdk.sh"
phoenix_find_jdk || exit 1
jar=$(ls "$root"/testnet/target/testnet-*-cli.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -o -DskipTests -pl testnet -am package) >&2
  jar=$(ls "$root"/testnet/target/testnet-*-cli.jar | head -n 1)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/phoenix-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
upload=4000000   # every node's uplink in the testnet (bytes/s); the naive copy is also timed at this rate
printf '%-4s %-6s %-9s %-13s %-7s | %-12s %-14s %-12s\n' N MiB "swarm s" "origin bytes" ratio "naive cp s" "naive bytes" "naive@uplink s"
fail=0
for n in 2 5 10; do
  d="$work/n$n"
  report=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" testnet run --scenario converge \
    --nodes $((n + 1)) --size "$size" --dir "$d" --timeout 600 --upload-limit $upload --json) || { echo "$report" >&2; fail=1; continue; }
  secs=$(echo "$report" | sed -n 's/.*"seconds_to_all_verified":\([0-9.]*\).*/\1/p')
  origin=$(echo "$report" | sed -n 's/.*"origin_bytes_sent":\([0-9]*\).*/\1/p')
  snap=$(echo "$report" | sed -n 's/.*"snapshot_bytes":\([0-9]*\).*/\1/p')
  ratio=$(echo "$report" | sed -n 's/.*"origin_ratio":\([0-9.]*\).*/\1/p')
  # naive: copy the writer's store (the snapshot's encrypted blocks) to n destinations, one after the other
  store="$d/node0/store"
  t0=$(date +%s.%N)
  i=0
  while [ $i -lt $n ]; do cp -r "$store" "$d/naive-$i"; sync; i=$((i + 1)); done
  t1=$(date +%s.%N)
  naive_s=$(echo "$t1 - $t0" | bc)
  naive_b=$(du -sb "$store" | cut -f1)
  naive_b=$((naive_b * n))
  naive_up=$(echo "scale=1; $naive_b / $upload" | bc)
  printf '%-4s %-6s %-9s %-13s %-7s | %-12s %-14s %-12s\n' "$n" "$size" "$secs" "$origin" "$ratio" "$naive_s" "$naive_b" "$naive_up"
  if [ "$n" = 10 ] && [ "$(echo "$ratio > 1.5" | bc)" = 1 ]; then echo "FAIL: origin sent ${ratio}x the snapshot with 10 nodes (must be <= 1.5)" >&2; fail=1; fi
  rm -rf "$d"
done
exit $fail
