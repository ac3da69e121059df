#!/usr/bin/env bash
# Measures `chronik doctor` against a healthy 3-node cluster of separate processes on 127.0.0.1:
# starts three `chronik standalone --raft` nodes with a 3-partition topic, waits until doctor exits
# 0, writes 3,000 records into the topic, then times RUNS runs of each form (quick text, quick
# -o json, election, network, consistency, performance) and prints
# min / median / max wall time. Stops the nodes when done.
# Usage: scripts/bench-doctor.sh [RUNS]   (default 20; BASE_PORT picks the ports, else random free)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chronik="${CHRONIK:-$here/../cli/target/chronik}"
if [ ! -x "$chronik" ]; then
  echo "bench-doctor.sh: $chronik not found; build it first: mvn -B -q package -DskipTests" >&2
  exit 69
fi
runs="${1:-20}"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# nine ports from BASE (node i: BASE+10(i-1) Kafka, +1 Raft, +2 admin); a random free base
# unless BASE_PORT is given, so that another cluster on this host is never measured instead
base="${BASE_PORT:-}"
for _ in $(seq 1 50); do
  candidate="${base:-$((30000 + RANDOM % 30000))}"
  free=1
  for i in 0 1 2; do
    for d in 0 1 2; do port_free $((candidate + 10 * i + d)) || free=0; done
  done
  if [ "$free" = 1 ]; then base="$candidate"; break; fi
  if [ -n "${BASE_PORT:-}" ]; then
    echo "bench-doctor.sh: a port from $BASE_PORT on is taken" >&2
    exit 69
  fi
done
work="$(mktemp -d)"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT

peers=""
for i in 1 2 3; do
  peers="${peers:+$peers,}$i@127.0.0.1:$((base + 10 * (i - 1) + 1))"
done
for i in 1 2 3; do
  p=$((base + 10 * (i - 1)))
  "$chronik" standalone --raft --node-id "$i" --data-dir "$work/node$i" --kafka-port "$p" \
    --raft-port $((p + 1)) --admin-port $((p + 2)) --peers "$peers" \
    >"$work/node$i.out" 2>"$work/node$i.log" &
  pids+=($!)
done
admin="127.0.0.1:$((base + 2))"

echo "waiting for the cluster (admin $admin) ..." >&2
for _ in $(seq 1 120); do
  if "$chronik" topic create bench-doctor --partitions 3 --replication-factor 3 \
    --bootstrap "127.0.0.1:$base" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
for _ in $(seq 1 120); do
  if "$chronik" doctor --admin "$admin" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || {
    echo "bench-doctor.sh: a node exited; its log:" >&2
    tail -n 5 "$work"/node*.log >&2
    exit 1
  }
done
"$chronik" doctor --admin "$admin" >/dev/null || {
  echo "bench-doctor.sh: the cluster did not become healthy:" >&2
  "$chronik" doctor --admin "$admin" >&2 || true
  exit 1
}

"$chronik" bench produce --bootstrap "127.0.0.1:$base" --topic bench-doctor --records 3000 \
  --record-size 100 >"$work/produce.out" 2>&1 || {
  echo "bench-doctor.sh: writing the records failed:" >&2
  tail -n 5 "$work/produce.out" >&2
  exit 1
}

measure() {
  local label="$1"
  shift
  local times=() cpus=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%U %S" -o "$work/cpu" "$chronik" doctor --admin "$admin" "$@" \
        >/dev/null || true
      cpus+=("$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")")
    else
      "$chronik" doctor --admin "$admin" "$@" >/dev/null || true
    fi
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local min median max
  min=$(echo "$sorted" | head -1)
  max=$(echo "$sorted" | tail -1)
  median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
  local cpu="n/a"
  if [ "${#cpus[@]}" -gt 0 ]; then
    cpu="$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p") ms"
  fi
  printf '%-26s runs %3d  wall min %5d ms  median %5d ms  max %5d ms  CPU median %s\n' \
    "$label" "$runs" "$min" "$median" "$max" "$cpu"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "chronik doctor" 
measure "chronik doctor -o json" -o json
measure "chronik doctor election" election
measure "chronik doctor network" network
measure "chronik doctor consistency" consistency
measure "chronik doctor performance" performance
