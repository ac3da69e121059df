#!/usr/bin/env bash
# Measures what partitions cost on a 3-node chronik cluster on loopback: for each count N, starts
# three fresh `chronik standalone --raft` processes, creates one topic with N partitions and
# replication factor 3, waits until every partition has a leader, and reports per node the JVM's
# thread count and resident memory, plus how long creation took. With SETTLE=S it then waits S
# seconds and reports the load average and how many leader-loss warnings (CHR-1202, CHR-1204) the
# nodes logged, i.e. whether the groups stay stable once formed.
# Usage: scripts/bench-partitions.sh [COUNTS...]   (default: 100 300 1000)
# Env:   CHRONIK (executable, default cli/target/chronik), CHRONIK_HEAP (default 1g), BASE (29092),
#        SETTLE (seconds, default 0), CHRONIK_PARTITIONS_PER_GROUP (passed on to the nodes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chronik="${CHRONIK:-$here/../cli/target/chronik}"
[ -x "$chronik" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 69; }
command -v kcat >/dev/null || { echo "needs kcat (apt-get install -y kcat)" >&2; exit 69; }
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(100 300 1000)
base="${BASE:-29092}"
work="$(mktemp -d /tmp/chronik-partitions.XXXXXX)"
pids=()
stop() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]:-}"; do wait "$p" 2>/dev/null || true; done; pids=(); }
trap 'stop; rm -rf "$work"' EXIT
peers="1@127.0.0.1:$((base+1)),2@127.0.0.1:$((base+11)),3@127.0.0.1:$((base+21))"
bootstrap="127.0.0.1:$base,127.0.0.1:$((base+10)),127.0.0.1:$((base+20))"
settle="${SETTLE:-0}"
printf "partitions\tnode\tthreads\trss_mib\tcreate_s\tleaders\tload1\twarnings\n"
for n in "${counts[@]}"; do
  rm -rf "$work"/n*; pids=()
  for i in 1 2 3; do
    off=$(( (i-1)*10 ))
    CHRONIK_HEAP="${CHRONIK_HEAP:-1g}" "$chronik" standalone --raft --node-id $i --peers "$peers" \
      --data-dir "$work/n$i" --kafka-port $((base+off)) --raft-port $((base+off+1)) --admin-port $((base+off+2)) \
      > "$work/node$i.log" 2>&1 &
    pids+=($!)
  done
  for i in 1 2 3; do
    for _ in $(seq 1 300); do grep -q "chronik ready" "$work/node$i.log" && break; sleep 0.2; done
  done
  start=$(date +%s.%N)
  "$chronik" topic create bench-p --partitions "$n" --replication-factor 3 --bootstrap "$bootstrap" --timeout 600s >/dev/null 2>&1 \
    || kcat -b "$bootstrap" -L >/dev/null 2>&1
  # wait until every partition has a leader (kcat lists leader -1 for leaderless ones)
  for _ in $(seq 1 1200); do
    meta=$(kcat -b "$bootstrap" -L -t bench-p 2>/dev/null || true)
    have=$(grep -c 'partition [0-9]*, leader [1-9]' <<< "$meta" || true)
    [ "$have" -ge "$n" ] && break
    sleep 0.5
  done
  took=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}')
  [ "$settle" -gt 0 ] && sleep "$settle"
  leaders=$(kcat -b "$bootstrap" -L -t bench-p 2>/dev/null | grep -c 'partition [0-9]*, leader [1-9]' || true)
  load=$(cut -d' ' -f1 /proc/loadavg)
  for i in 1 2 3; do
    pid=${pids[$((i-1))]}
    threads=$(awk '/^Threads:/{print $2}' /proc/$pid/status 2>/dev/null || echo NA)
    rss=$(awk '/^VmRSS:/{printf "%.0f", $2/1024}' /proc/$pid/status 2>/dev/null || echo NA)
    warnings=$(grep -c -E 'CHR-120[24]' "$work/node$i.log" || true)
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$n" "$i" "$threads" "$rss" "$took" "$leaders" "$load" "$warnings"
  done
  stop
done
