#!/usr/bin/env bash
# Log cleaner throughput: one compaction of a whole partition log, one after 10% more data, and
# two after a batch of tombstones (kept, then due), per codec and key space. Rerunnable; see
# docs/performance.md.
#
#   scripts/bench-cleaner.sh [MIB] [WORKDIR] [CODEC...]   (defaults: 256 MiB, /tmp/chronik-bench-cleaner, none lz4)
#
# The log is written through PartitionLog (batches of 16 records of 1 KiB JSON-like values keyed
# by a random user id among 10,000 or 1,000,000, 64 MiB segments), rolled and fsynced; the cleaner
# then reads it from the page cache and fsyncs what it writes. MVN=... picks the Maven command
# (for example MVN="mvn -o" offline). The first inspection after a restart (batch headers) is timed
# by the same class: java -cp "$CP" io.chronik.broker.log.LogCleanerBench reopen DIR MIB RECORDS VALUE_BYTES
set -euo pipefail
cd "$(dirname "$0")/.."

MIB=${1:-256}
WORK=${2:-/tmp/chronik-bench-cleaner}
shift $(( $# > 2 ? 2 : $# ))
MVN=${MVN:-mvn}

# the executable's jar carries the broker and its dependencies; test-classes the benchmark
$MVN -q -B package -DskipTests
mkdir -p "$WORK"
CP="broker/target/test-classes:cli/target/chronik.jar"

echo "== chronik log cleaner (JVM $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
# the test classpath carries logback-test.xml (INFO for io.chronik): keep the log lines out
java -Xmx1g -cp "$CP" io.chronik.broker.log.LogCleanerBench run "$WORK" "$MIB" "$@" 2>&1 |
  grep -v -E '^[0-9:.]+ (INFO|DEBUG) '
