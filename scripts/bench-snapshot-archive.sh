#!/usr/bin/env bash
# Snapshot archive throughput: chronik's archive (create, verify, extract) per codec, next to
# `tar | lz4`, `tar | gzip` and `tar | zstd` on the same data. Rerunnable; see docs/performance.md.
#
#   scripts/bench-snapshot-archive.sh [MIB] [WORKDIR]     (defaults: 256 MiB, /tmp/chronik-bench-snap)
#
# The data is one partition's segments of Kafka v2 record batches (16 uncompressed 1 KiB JSON-like
# records per batch). Timings include fsync of the archive (create) and of every extracted file
# (extract); the tar pipelines are followed by `sync` of their output for the same reason.
set -euo pipefail
cd "$(dirname "$0")/.."

MIB=${1:-256}
WORK=${2:-/tmp/chronik-bench-snap}
DATA="$WORK/data"

for tool in tar lz4 gzip zstd; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $tool" >&2; exit 69; }
done

mvn -q -B -pl broker test-compile
CP_FILE="$WORK/classpath.txt"
mkdir -p "$WORK"
mvn -q -B -pl broker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="broker/target/test-classes:broker/target/classes:$(cat "$CP_FILE")"
# the test classpath carries logback-test.xml (INFO for io.chronik): keep the archive log lines out
run_java() {
  java -Xmx512m -cp "$CP" io.chronik.broker.snapshot.SnapshotArchiveBench "$@" 2>&1 |
    grep -v -E '^[0-9:.]+ INFO '
}

if [ ! -d "$DATA" ] || [ "$(du -sm "$DATA" | cut -f1)" -lt "$MIB" ]; then
  rm -rf "$DATA"
  run_java generate "$DATA" "$MIB"
fi
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')

echo "== chronik snapshot archive (JVM 17, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
run_java run "$DATA" "$WORK"

mib_per_s() { awk -v b="$BYTES" -v s="$1" 'BEGIN {printf "%.0f", b / 1048576 / s}'; }
now() { date +%s.%N; }

echo "== tar pipelines on the same data"
echo "pipeline | archive MiB | ratio | create MiB/s | extract MiB/s"
for codec in "lz4 -q -1" "gzip -6" "zstd -q -3 -T1"; do
  name=${codec%% *}
  out="$WORK/bench.tar.$name"
  t0=$(now)
  tar -cf - -C "$DATA" . | $codec > "$out"
  sync "$out"
  t1=$(now)
  rm -rf "$WORK/tar-out" && mkdir -p "$WORK/tar-out"
  t2=$(now)
  $name -dc "$out" | tar -xf - -C "$WORK/tar-out"
  find "$WORK/tar-out" -type f -exec sync {} +
  t3=$(now)
  size=$(stat -c %s "$out")
  printf "tar | %s | %.1f | %.2f | %s | %s\n" "$codec" "$(awk -v s="$size" 'BEGIN {print s/1048576}')" \
    "$(awk -v b="$BYTES" -v s="$size" 'BEGIN {print b/s}')" \
    "$(mib_per_s "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b-a}')")" \
    "$(mib_per_s "$(awk -v a="$t2" -v b="$t3" 'BEGIN {print b-a}')")"
  rm -rf "$out" "$WORK/tar-out"
done
