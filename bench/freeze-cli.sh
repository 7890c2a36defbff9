#!/usr/bin/env bash
# Copies the launcher and the built CLI jar of this tree to DIR, so that a benchmark can run a fixed
# build while the sources change (bench/snapshot-vs-restic.sh: PHOENIX_CLI=DIR/phoenix). The copy
# has no sources, so its launcher never rebuilds; it prepares its own native library copy and class
# cache on first use.  Usage: bench/freeze-cli.sh DIR   (build first: ./mvnw -q package -DskipTests -pl node -am)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: bench/freeze-cli.sh DIR}
jar=$(ls "$root"/node/target/node-*-cli.jar 2>/dev/null | head -n 1 || true)
[ -n "$jar" ] || { echo "freeze-cli: no CLI jar in $root/node/target (build it first)" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir/.mvn" "$dir/node/target"
cp "$root/phoenix" "$dir/phoenix"
cp "$root/.mvn/jdk.sh" "$dir/.mvn/jdk.sh"
cp -p "$jar" "$dir/node/target/"
echo "$dir/phoenix ($(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- . ':!bench' || echo '+changes'))"
