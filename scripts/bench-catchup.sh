#!/usr/bin/env bash
# Measures how long a wiped follower takes to catch up on a 3-node chronik cluster on loopback,
# (a) with snapshots (the default: the leader purged its Raft log, the follower gets the snapshot
# installed) and (b) with --snapshot-enabled=false (the Raft log keeps everything, so the follower
# replays all of it). For each mode: start three fresh `standalone --raft` nodes, write SIZE_MIB of
# 1 KiB records (acks=all) with `chronik bench produce` to a topic of PARTITIONS partitions and
# replication factor 3, stop node 3, wait until every partition has a leader among nodes 1 and 2,
# delete node 3's whole data dir, start it again with the same --node-id and --peers, and time (1) until its /ready answers 200 and (2) until every partition
# group on it has applied the index its leader had committed when the node was wiped; (3) is (2)
# counted from the moment node 3's Raft server listened (JVM and node start-up left out). Also
# printed: node 1's whole Raft dir, its Raft log segments alone (current/log_* of every group: the
# snapshot directories beside them hold hard links to partition segments) at the wipe and the most
# they held while the writes went on (sampled every 2 s), node 1's partition data, and the lowest
# and highest 1-minute load average of the mode (sampled every 10 s).
# Usage: scripts/bench-catchup.sh [SIZE_MIB]      (default 1024)
# Env:   CHRONIK (executable, default cli/target/chronik), CHRONIK_HEAP (default 1g),
#        PARTITIONS (3), BASE (first port, 29192), THRESHOLD (snapshot log threshold, 200: small enough
#        that every partition has snapshots and a purged Raft log when node 3 is wiped),
#        MODES ("snapshot replay"), KEEP (1: keep the work dir with the node logs, and say where),
#        RETENTION_MIB (unset: keep everything; set: the topic keeps about that many MiB per
#        partition, retention.bytes with 16 MiB segments, as a topic with retention does in
#        production; a snapshot then carries only the retained data while replay reads all of it),
#        DOWN_S (0: the least time node 3 stays stopped before it starts again, wiped),
#        SEGMENT_MIB (16: segment.bytes of the topic when RETENTION_MIB is set),
#        LINK_MBIT (unset: plain loopback; set: the script runs in a network namespace of its own,
#        whose loopback is the only link, and from node 3's restart on that link carries at most
#        LINK_MBIT megabits per second with a queue of 20 ms (tc tbf), as a switched link of that
#        speed would; every address is still 127.0.0.1. Needs root, unshare and tc)
set -euo pipefail
if [ -n "${LINK_MBIT:-}" ] && [ -z "${CHRONIK_BENCH_NETNS:-}" ]; then
  command -v unshare >/dev/null && command -v tc >/dev/null || { echo "LINK_MBIT needs unshare and tc" >&2; exit 69; }
  exec unshare -n -- env CHRONIK_BENCH_NETNS=1 bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chronik="${CHRONIK:-$here/../cli/target/chronik}"
[ -x "$chronik" ] || { echo "build first: mvn -B -q package -pl cli -am -DskipTests" >&2; exit 69; }
command -v curl >/dev/null && command -v python3 >/dev/null || { echo "needs curl and python3" >&2; exit 69; }
size_mib="${1:-1024}"
partitions="${PARTITIONS:-3}"
base="${BASE:-29192}"
threshold="${THRESHOLD:-200}"
records=$(( size_mib * 1024 ))
work="$(mktemp -d /tmp/chronik-catchup.XXXXXX)"
pids=(0 0 0)
stop_node() { local p=${pids[$1]}; [ "$p" -gt 0 ] && { kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; }; pids[$1]=0; }
stop_all() { for i in 0 1 2; do stop_node $i; done; }
sampler=0 loadwatch=0
cleanup() { [ "$sampler" -gt 0 ] && kill "$sampler" 2>/dev/null; [ "$loadwatch" -gt 0 ] && kill "$loadwatch" 2>/dev/null; stop_all; if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'exit 143' TERM INT
log() { echo "$(date +%T) $*" >&2; }
peers="1@127.0.0.1:$((base+1)),2@127.0.0.1:$((base+11)),3@127.0.0.1:$((base+21))"
bootstrap="127.0.0.1:$base,127.0.0.1:$((base+10))"
admin() { echo "127.0.0.1:$((base + ($1-1)*10 + 2))"; }
now() { date +%s.%N; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN{printf "%.1f", a-b}'; }

start_node() { # id snapshot-enabled
  local i=$1 off=$(( ($1-1)*10 ))
  CHRONIK_HEAP="${CHRONIK_HEAP:-1g}" "$chronik" standalone --raft --node-id "$i" --peers "$peers" \
    --data-dir "$work/n$i" --kafka-port $((base+off)) --raft-port $((base+off+1)) --admin-port $((base+off+2)) \
    --snapshot-enabled="$2" --snapshot-log-threshold "$threshold" >> "$work/node$i-${mode:-x}.log" 2>&1 &
  pids[$((i-1))]=$!
}
wait_ready() { # id timeout-s
  for _ in $(seq 1 $(( $2 * 5 ))); do
    curl -fsS "http://$(admin "$1")/ready" >/dev/null 2>&1 && return 0
    kill -0 "${pids[$(( $1 - 1 ))]}" 2>/dev/null || { echo "node $1 exited; see $work/node$1-${mode:-x}.log" >&2; return 1; }
    sleep 0.2
  done
  echo "node $1 not ready after $2 s; see $work/node$1-${mode:-x}.log" >&2; return 1
}
# group id -> commit index on the node that leads it
leader_commits() {
  { curl -fsS "http://$(admin 1)/v1/raft/groups"; echo; echo "@@"; curl -fsS "http://$(admin 2)/v1/raft/groups"; } | python3 -c '
import json, sys
out = {}
for part in sys.stdin.read().split("@@"):
    if not part.strip(): continue
    doc = json.loads(part)
    for g in (doc["groups"] if isinstance(doc, dict) else doc):
        if g["kind"] == "partition" and g["role"] == "LEADER": out[g["groupId"]] = g["commitIndex"]
print(json.dumps(out))'
}
# whether node 3 applied at least the given commit index of every group
caught_up() {
  curl -fsS "http://$(admin 3)/v1/raft/groups" 2>/dev/null | python3 -c '
import json, sys
want = json.loads(sys.argv[1]); doc = json.load(sys.stdin)
have = {g["groupId"]: g["appliedIndex"] for g in (doc["groups"] if isinstance(doc, dict) else doc)}
sys.exit(0 if all(have.get(k, -1) >= v for k, v in want.items()) else 1)' "$1"
}

# MiB of Raft log segment files (current/log_*) under a Raft dir, snapshot directories excluded
segments_mib() { find "$1" -path '*/current/log_*' -printf '%s\n' 2>/dev/null | awk '{s+=$1} END{printf "%d\n", s/1048576}'; }

printf "mode\tsize_mib\tproduce_s\tready_s\tcaught_up_s\tcaught_up_from_raft_start_s\tleader_raft_dir_mib\tleader_raft_segments_mib\tmax_during_produce\tleader_raft_segment_files\tleader_data_mib\tload1_min_max\n"
for mode in ${MODES:-snapshot replay}; do
  enabled=true; [ "$mode" = replay ] && enabled=false
  stop_all; rm -rf "$work"/n[0-9]*
  ( while :; do cut -d' ' -f1 /proc/loadavg; sleep 10; done ) > "$work/load-$mode.txt" 2>/dev/null &
  loadwatch=$!
  for i in 1 2 3; do start_node $i $enabled; done
  for i in 1 2 3; do wait_ready $i 180; done
  log "$mode: cluster ready, producing $records records"
  if [ -n "${RETENTION_MIB:-}" ]; then
    "$chronik" topic create catchup --bootstrap "$bootstrap" --partitions "$partitions" \
      --replication-factor 3 --config "retention.bytes=$(( RETENTION_MIB * 1024 * 1024 ))" \
      --config "segment.bytes=$(( ${SEGMENT_MIB:-16} * 1024 * 1024 ))" > /dev/null
  fi
  t0=$(now)
  # while the writes go on, sample the leader's Raft log segments every 2 s (the largest is reported)
  ( while :; do segments_mib "$work/n1/raft"; sleep 2; done ) > "$work/segments-$mode.txt" 2>/dev/null &
  sampler=$!
  "$chronik" bench produce --bootstrap "$bootstrap" --topic catchup --partitions "$partitions" \
    --replication-factor 3 --records "$records" --record-size 1024 --acks all -o json \
    > "$work/produce-$mode.json" 2> "$work/produce-$mode.err"
  produce_s=$(since "$t0")
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=0
  seg_max_mib=$(sort -n "$work/segments-$mode.txt" | tail -1)
  # let the followers settle, then wipe node 3 entirely
  sleep 5
  stop_node 2   # node 3 (pids are 0-based)
  t_down=$(now)
  # the index to reach in every partition group, from its leader among nodes 1 and 2 (a group that
  # node 3 led elects one first)
  for _ in $(seq 1 300); do
    want=$(leader_commits)
    [ "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$want")" -ge "$partitions" ] && break
    sleep 0.2
  done
  raft_mib=$(du -sm "$work/n1/raft" | cut -f1)
  # the Raft log segments alone (the snapshot directories hold hard links to partition segments)
  seg_mib=$(segments_mib "$work/n1/raft")
  seg_files=$(find "$work/n1/raft" -path '*/current/log_*' | wc -l)
  data_mib=$(du -sm --exclude=raft --exclude=snapshots "$work/n1" | cut -f1)   # partition logs
  rm -rf "$work/n3"
  log "$mode: produced in $produce_s s; wiped node 3; leader commits $want"
  # a node that stays away longer than ~20 s meets leaders that try it less often
  while awk -v a="$(now)" -v b="$t_down" -v d="${DOWN_S:-0}" 'BEGIN{exit !(a-b < d)}'; do sleep 0.2; done
  if [ -n "${LINK_MBIT:-}" ]; then
    # the rate with a switch-sized queue (a burst above loopback's 64 KiB packets)
    tc qdisc replace dev lo root tbf rate "${LINK_MBIT}mbit" burst 256kb latency 20ms
  fi
  t1=$(now)
  start_node 3 $enabled
  wait_ready 3 1800
  ready_s=$(since "$t1")
  log "$mode: node 3 ready after $ready_s s"
  for _ in $(seq 1 18000); do caught_up "$want" && break; sleep 0.2; done
  t2=$(now)
  caught_s=$(since "$t1")
  # the same, from the moment node 3's Raft server listened (its log's last start line): JVM and
  # node start-up left out
  kill "$loadwatch" 2>/dev/null || true; wait "$loadwatch" 2>/dev/null || true; loadwatch=0
  load_range=$(sort -n "$work/load-$mode.txt" | sed -n '1p;$p' | paste -sd-)
  [ -n "${LINK_MBIT:-}" ] && tc qdisc del dev lo root 2>/dev/null || true
  raft_ts=$(grep "Raft server n3 listening" "$work/node3-$mode.log" | tail -1 | cut -d' ' -f1)
  from_raft_s=$(awk -v a="$t2" -v b="$(date -d "$raft_ts" +%s.%N)" 'BEGIN{printf "%.1f", a-b}')
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$mode" "$size_mib" "$produce_s" "$ready_s" \
    "$caught_s" "$from_raft_s" "$raft_mib" "$seg_mib" "$seg_max_mib" "$seg_files" "$data_mib" "$load_range"
done
