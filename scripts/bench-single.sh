#!/usr/bin/env bash
# Produce throughput and latency of one node, for A/B comparisons of builds: each round starts every
# EXECUTABLE in turn on a fresh data dir, sends WARM records to a warm-up topic (discarded, so the
# JIT has compiled the produce path), then MEASURED records to another topic with
# `chronik bench produce` (1 KiB records, acks=all, 3 partitions), prints one line per run and stops
# the node. Record the figures in docs/performance.md with the machine's load.
#
# Usage: scripts/bench-single.sh ROUNDS EXECUTABLE...
#   env: WARM (default 500000), MEASURED (default 1000000), BASE port (default 24201; uses BASE..+2)
set -euo pipefail
rounds=${1:?usage: scripts/bench-single.sh ROUNDS EXECUTABLE...}
shift
[ $# -gt 0 ] || { echo "bench-single.sh: error: give at least one executable" >&2; exit 64; }
warm=${WARM:-500000}
measured=${MEASURED:-1000000}
base=${BASE:-24201}
for exe in "$@"; do
  [ -x "$exe" ] || { echo "bench-single.sh: error: not an executable: $exe" >&2; exit 64; }
done
for round in $(seq 1 "$rounds"); do
  for exe in "$@"; do
    data=$(mktemp -d)
    "$exe" standalone --data-dir "$data/node" --kafka-port "$base" --raft-port $((base + 1)) \
      --admin-port $((base + 2)) > "$data/node.log" 2>&1 &
    pid=$!
    ready=no
    for _ in $(seq 1 200); do
      if curl -sf "127.0.0.1:$((base + 2))/ready" > /dev/null; then ready=yes; break; fi
      sleep 0.1
    done
    if [ "$ready" = yes ]; then
      "$exe" bench produce --bootstrap "127.0.0.1:$base" --topic warm --records "$warm" -o json > /dev/null
      result=$("$exe" bench produce --bootstrap "127.0.0.1:$base" --topic measured \
        --records "$measured" -o json | tr -d '\n')
      echo "round $round $exe $result"
    else
      echo "bench-single.sh: error: $exe did not get ready; its log: $data/node.log" >&2
    fi
    kill "$pid"
    wait "$pid" 2> /dev/null || true
    [ "$ready" = yes ] && rm -rf "$data"
  done
done
