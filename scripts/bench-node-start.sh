#!/usr/bin/env bash
# Start-up of a single node: the wall time from `chronik standalone` to its "chronik ready" line,
# on a fresh data dir and again on the same data dir (a restart), RUNS times for each executable
# given, interleaved. Prints one line per start and the median per executable and kind.
# Usage: scripts/bench-node-start.sh [RUNS] [EXECUTABLE...]   (defaults: 5, cli/target/chronik)
# Env:   BASE (45192: ports BASE..BASE+2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs="${1:-5}"
shift || true
exes=("$@")
[ ${#exes[@]} -gt 0 ] || exes=("$here/../cli/target/chronik")
for exe in "${exes[@]}"; do
  [ -x "$exe" ] || { echo "not an executable: $exe (build first: mvn -B -q package -DskipTests)" >&2; exit 69; }
done
base="${BASE:-45192}"
work="$(mktemp -d /tmp/chronik-start.XXXXXX)"
pid=0
cleanup() { [ "$pid" -gt 0 ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 143' TERM INT

start_once() { # exe data-dir: prints seconds to ready, stops the node
  local out="$work/out" t0 t1
  : > "$out"
  t0=$(date +%s.%N)
  "$1" standalone --data-dir "$2" --kafka-port "$base" --raft-port $((base+1)) --admin-port $((base+2)) \
    > "$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    grep -q "chronik ready" "$out" && break
    kill -0 "$pid" 2>/dev/null || { echo "the node exited: $(tail -3 "$out")" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s.%N)
  grep -q "chronik ready" "$out" || { echo "the node was not ready after 30 s" >&2; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=0
  awk -v a="$t1" -v b="$t0" 'BEGIN{printf "%.2f", a-b}'
}

printf "executable\tkind\tseconds\tload1\n"
for _ in $(seq 1 "$runs"); do
  for exe in "${exes[@]}"; do
    rm -rf "$work/data"
    fresh=$(start_once "$exe" "$work/data")
    printf "%s\tfresh\t%s\t%s\n" "$exe" "$fresh" "$(cut -d' ' -f1 /proc/loadavg)"
    again=$(start_once "$exe" "$work/data")
    printf "%s\trestart\t%s\t%s\n" "$exe" "$again" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done | tee "$work/lines"
python3 - "$work/lines" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    exe, kind, secs, _ = line.rstrip("\n").split("\t")
    times[(exe, kind)].append(float(secs))
for (exe, kind), values in times.items():
    print(f"median\t{exe}\t{kind}\t{statistics.median(values):.2f} s over {len(values)}")
PY
