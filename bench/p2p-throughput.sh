#!/bin/sh
# Throughput of one libp2p stream (TCP + Noise + yamux, loopback): Java<->Java, Java<->js, js<->js.
# Usage: bench/p2p-throughput.sh [javaMiB=1024] [jsMiB=256]
# Builds the protocol module's test classes, installs the js peer (npm ci into protocol/target/js-peer)
# and prints MB/s per direction with the ratio to js<->js.
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/jdk.sh && phoenix_find_jdk >/dev/null
./mvnw -B -o -q -pl protocol -am test-compile
./mvnw -B -o -q -pl protocol dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
CP="protocol/target/test-classes:protocol/target/classes:$(cat protocol/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" -Dbasedir="$PWD/protocol" -cp "$CP" io.phoenix.protocol.p2p.bench.P2pThroughputBench "$@"
