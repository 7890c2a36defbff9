#!/bin/sh
# Many small files on a local testnet of real node processes, each node in the launcher's 192 MiB
# heap (issue 12, item 6): the writer snapshots N files of 200-600 bytes (1,000 per directory,
# across the three layers), the other nodes replicate them at loopback speed, every store is
# verified and node1 restores the snapshot (compared byte for byte with the source). The scenario
# is `phoenix testnet run --scenario small-files` (docs/testnet.md); SmallFilesHeapIT runs it at
# 30,000 files in CI.
#
# Usage: bench/testnet-small-files.sh [--files N] [--nodes N] [--upload-limit B/s] [--timeout S]
#                                     [--work DIR] [--keep]
#   --files N          files (default 250000)
#   --nodes N          nodes, node0 the writer (default 3)
#   --upload-limit B   every node's uplink in bytes/s (default 0 = unlimited)
#   --timeout S        how long the replicas may take to hold the snapshot (default 1800)
#   --work DIR         scratch directory (default: a new one under ${TMPDIR:-/tmp}, removed afterwards)
#   --keep             keep the scratch directory (node logs, GC logs, the JSON report)
#
# Prints: snapshot time; per node the time from the snapshot's publication until it held every
# block and until it held the snapshot verified (recorded in its history), peak RSS (VmHWM), GC pauses (count, full collections, seconds, share of the node's run),
# the fullest heap a collection left, and what it retains after a full collection asked for at the
# end (jcmd GC.run); the verify and restore times; the load average before and after.
# Exits 1 when the scenario fails: a node not complete in time, exited, logged an OutOfMemoryError,
# ran with another heap, or a full GC storm (docs/testnet.md); a store that does not verify; a
# restore that differs.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
files=250000
nodes=3
upload=0
timeout=1800
work=""
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --upload-limit) upload=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=yes; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "testnet-small-files: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$files" "$nodes" "$upload" "$timeout"; do
  case "$v" in ''|*[!0-9]*) echo "testnet-small-files: --files, --nodes, --upload-limit and --timeout need a number" >&2; exit 2 ;; esac
done
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/phoenix-small-files-XXXXXX")
else
  rm -rf "$work"
  mkdir -p "$work"
fi
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
echo "== $files small files, $nodes nodes, uplink ${upload:-0} B/s, in $work (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
t0=$(date +%s)
rc=0
# ./phoenix rebuilds the testnet CLI first when the sources changed
"$root/phoenix" testnet run --scenario small-files --files "$files" \
  --nodes "$nodes" --upload-limit "$upload" --timeout "$timeout" --dir "$work/net" --json >"$work/report.json" || rc=$?
t1=$(date +%s)
echo "== done in $((t1 - t0)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
[ -s "$work/report.json" ] || { echo "testnet-small-files: the scenario printed no report (exit $rc)" >&2; exit 1; }
python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = lambda v, fmt="%.1f": "-" if v is None else fmt % v
print("files %d (%.1f MB), snapshot %s" % (r["files"], r["snapshot_bytes"] / 1e6, r["snapshot"]))
print("snapshot (writer, through its control API): %s s" % f(r["snapshot_seconds"]))
print("%-6s %-8s %-11s %-9s %-7s %-5s %-8s %-7s %-13s %-12s %-10s %-9s" % (
    "node", "blocks s", "verified s", "RSS MiB", "pauses", "full", "GC s", "GC %", "max after GC", "after full", "retained", "verify s"))
for n in r["per_node"]:
    g = n["gc"]
    share = 100 * g["pause_seconds"] / g["uptime_seconds"] if g["uptime_seconds"] else None
    w = n["node"] == "node0"
    print("%-6s %-8s %-11s %-9s %-7d %-5d %-8s %-7s %-13s %-12s %-10s %-9s" % (
        n["node"], "writer" if w else f(n.get("seconds_to_all_blocks")), "writer" if w else f(n["seconds_to_verified"]), f(n["peak_rss_mib"]), g["pauses"], g["full"],
        f(g["pause_seconds"], "%.2f"), f(share), f(g["max_after_gc_mib"], "%.0f MiB"), f(g["max_after_full_mib"], "%.0f MiB"),
        f(g["retained_mib"], "%.0f MiB"), f(n["verify"].get("seconds"))))
rs = r["restore"]
print("restore on %s: %s s, byte-identical: %s" % (rs["node"], f(rs["seconds"]), rs["byte_identical"]))
print("max heap of every node: %s MiB" % ", ".join(f(n["gc"]["max_heap_mib"], "%.0f") for n in r["per_node"]))
print("steps (s): " + ", ".join("%s %.1f" % kv for kv in r.get("phase_seconds", {}).items()))
for e in r["errors"]:
    print("ERROR: " + e)
print("ok" if r["ok"] else "FAILED")
PY
[ -n "$keep" ] && echo "== kept $work (report.json, net/node*/logs/{node,gc}.log)" >&2
exit $rc
